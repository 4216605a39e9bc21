//! The demo desk's accountability: a minor delay by a handler, notified three weeks ago and
//! final without an appeal; a privacy case the market handler appealed yesterday, waiting
//! for the leading group; and a confirmed warning on the second enforcement handler's
//! returns, from which compliance may propose one. Made through the store's own functions,
//! so each step is in the chain.
use crate::domain::risk::GradeMatrix;
use crate::domain::violation::{appeal_until, Conduct, Discipline, Penalty, Severity};
use crate::domain::warning::{Finding, Subject, Trigger, WarningRule, WarningState};
use crate::error::AppError;
use crate::store::violations::NewViolation;
use crate::store::Store;

const DAY: i64 = 86_400_000;

pub async fn seed_demo_violations(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let compliance = id_of("compliance").await?;
    let lead = id_of("lead").await?;
    let handler = id_of("handler").await?;
    let handler2 = id_of("handler2").await?;
    let market = id_of("market").await?;
    let head = id_of("head").await?;
    let supervisor = id_of("supervisor").await?;
    let now = chrono::Utc::now().timestamp_millis();
    let calendar = store.desk_settings().await?.calendar;
    let tz = chrono::FixedOffset::east_opt(8 * 3600).ok_or(AppError::Internal)?;
    let scheme = store.violation_scheme().await?;

    // Three weeks ago, proposed by the lead and notified the same day: final now.
    let at = now - 21 * DAY;
    let id = store
        .propose_violation(
            &NewViolation {
                person_id: handler,
                conduct: Conduct::Stalling,
                conduct_text: "",
                facts: "噪音投诉工单签收后 3 个工作日未联系来电人，也未申请延期，超期后才处理。",
                tickets: &[],
                warning_id: None,
                severity: Severity::Minor,
                penalty: Penalty {
                    points: scheme.points(Severity::Minor),
                    discipline: Discipline::None,
                    fine_fen: 0,
                },
            },
            lead,
            at,
        )
        .await?;
    let until = appeal_until(&calendar, &tz, at + 3_600_000, scheme.appeal_days);
    store
        .notify_violation(id, until, lead, at + 3_600_000)
        .await?;

    // Two days ago, proposed and notified by compliance; appealed yesterday.
    let at = now - 2 * DAY;
    let id = store
        .propose_violation(
            &NewViolation {
                person_id: market,
                conduct: Conduct::PrivacyLeak,
                conduct_text: "",
                facts: "在工作群中转发了含来电人手机号的工单截图，未打码。",
                tickets: &[],
                warning_id: None,
                severity: Severity::General,
                penalty: Penalty {
                    points: scheme.points(Severity::General),
                    discipline: Discipline::Warning,
                    fine_fen: 20_000,
                },
            },
            compliance,
            at,
        )
        .await?;
    let until = appeal_until(&calendar, &tz, at + 600_000, scheme.appeal_days);
    store
        .notify_violation(id, until, compliance, at + 600_000)
        .await?;
    store
        .appeal_violation(
            id,
            "截图发在本科室内部群用于请教办理口径，群内均为经办人员，未外传；已撤回截图。",
            market,
            &[head, supervisor],
            now - DAY,
        )
        .await?;

    // A warning on the second handler's returns, confirmed by compliance yesterday.
    let risk = store
        .risks(&GradeMatrix::default())
        .await?
        .into_iter()
        .find(|r| r.facts.code == "R-SHIRK-01")
        .ok_or(AppError::Internal)?;
    let finding = Finding {
        rule: WarningRule::Shirking,
        subject: Subject::User(handler2),
        window: "demo".into(),
        trigger: Trigger::Returns { count: 4 },
        tickets: Vec::new(),
        major: false,
        department: None,
    };
    if let Some(w) = store
        .raise_warning(&finding, risk.id, &[], &[compliance], now - 2 * DAY)
        .await?
    {
        store
            .decide_warning(
                w,
                WarningState::Confirmed,
                "本周 4 次退单理由均为“非本单位职责”，经核实属本中队辖区。",
                compliance,
                now - DAY,
            )
            .await?;
    }
    Ok(())
}
