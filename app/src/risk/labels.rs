//! Translated names of the risk list's codes (type, conduct, grade, treatment, status) and
//! of the fields its history names.
use crate::domain::risk::{Conduct, Grade, RiskStatus, RiskType, Treatment};
use crate::domain::warning::{WarningRule, WarningState};
use crate::i18n::*;
use leptos::prelude::*;

pub fn type_text(i18n: leptos_i18n::I18nContext<Locale>, t: RiskType) -> &'static str {
    match t {
        RiskType::Compliance => t_string!(i18n, risk.type_.compliance),
        RiskType::Operational => t_string!(i18n, risk.type_.operational),
        RiskType::InfoSecurity => t_string!(i18n, risk.type_.info_security),
        RiskType::ServiceQuality => t_string!(i18n, risk.type_.service_quality),
    }
}

pub fn conduct_text(i18n: leptos_i18n::I18nContext<Locale>, c: Conduct) -> &'static str {
    match c {
        Conduct::None => t_string!(i18n, risk.conduct.none),
        Conduct::AbuseOfRights => t_string!(i18n, risk.conduct.abuse_of_rights),
        Conduct::PrivacyLeak => t_string!(i18n, risk.conduct.privacy_leak),
        Conduct::Stalling => t_string!(i18n, risk.conduct.stalling),
        Conduct::ForgedRecords => t_string!(i18n, risk.conduct.forged_records),
        Conduct::ImproperBenefits => t_string!(i18n, risk.conduct.improper_benefits),
    }
}

pub fn grade_text(i18n: leptos_i18n::I18nContext<Locale>, g: Grade) -> &'static str {
    match g {
        Grade::Low => t_string!(i18n, risk.grade.low),
        Grade::General => t_string!(i18n, risk.grade.general),
        Grade::Significant => t_string!(i18n, risk.grade.significant),
        Grade::Major => t_string!(i18n, risk.grade.major),
    }
}

pub fn treatment_text(i18n: leptos_i18n::I18nContext<Locale>, t: Treatment) -> &'static str {
    match t {
        Treatment::Mitigate => t_string!(i18n, risk.treatment.mitigate),
        Treatment::Accept => t_string!(i18n, risk.treatment.accept),
        Treatment::Avoid => t_string!(i18n, risk.treatment.avoid),
        Treatment::Transfer => t_string!(i18n, risk.treatment.transfer),
    }
}

pub fn status_text(i18n: leptos_i18n::I18nContext<Locale>, s: RiskStatus) -> &'static str {
    match s {
        RiskStatus::Identified => t_string!(i18n, risk.status.identified),
        RiskStatus::Assessed => t_string!(i18n, risk.status.assessed),
        RiskStatus::Treated => t_string!(i18n, risk.status.treated),
        RiskStatus::Closed => t_string!(i18n, risk.status.closed),
        RiskStatus::Reopened => t_string!(i18n, risk.status.reopened),
    }
}

/// A field named in a risk's history of changes.
pub fn field_text(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> &'static str {
    match field {
        "code" => t_string!(i18n, risk.code),
        "title" => t_string!(i18n, risk.title_field),
        "risk_type" => t_string!(i18n, risk.type_label),
        "description" => t_string!(i18n, risk.description),
        "conduct" => t_string!(i18n, risk.conduct_label),
        "department" => t_string!(i18n, risk.department),
        "owner" => t_string!(i18n, risk.owner),
        "controls" => t_string!(i18n, risk.controls),
        "inherent" => t_string!(i18n, risk.inherent),
        "residual" => t_string!(i18n, risk.residual),
        "residual_justification" => t_string!(i18n, risk.justification),
        "treatment" => t_string!(i18n, risk.treatment_label),
        "accept_approver" => t_string!(i18n, risk.approver),
        "accept_until" => t_string!(i18n, risk.accept_until),
        _ => t_string!(i18n, risk.other_field),
    }
}

/// A value in the history: codes of the coded fields in words, the rest as written.
pub fn value_text(i18n: leptos_i18n::I18nContext<Locale>, field: &str, value: &str) -> String {
    let coded = match field {
        "risk_type" => RiskType::parse(value).map(|t| type_text(i18n, t)),
        "conduct" => Conduct::parse(value).map(|c| conduct_text(i18n, c)),
        "treatment" => Treatment::parse(value).map(|t| treatment_text(i18n, t)),
        _ => None,
    };
    match coded {
        Some(words) => words.to_owned(),
        None if value.is_empty() => "—".to_owned(),
        None => value.to_owned(),
    }
}

/// A grade as a coloured chip.
#[component]
pub fn GradeChip(grade: Grade) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("grade grade-{}", grade.code())>{grade_text(i18n, grade)}</span> }
}

pub fn schedule_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    s: crate::domain::risk_check::Schedule,
) -> &'static str {
    use crate::domain::risk_check::Schedule;
    match s {
        Schedule::Weekly => t_string!(i18n, risk.schedule.weekly),
        Schedule::Monthly => t_string!(i18n, risk.schedule.monthly),
        Schedule::Quarterly => t_string!(i18n, risk.schedule.quarterly),
        Schedule::Yearly => t_string!(i18n, risk.schedule.yearly),
    }
}

pub fn result_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    r: crate::domain::risk_check::CheckResult,
) -> &'static str {
    use crate::domain::risk_check::CheckResult;
    match r {
        CheckResult::NoProblem => t_string!(i18n, risk.result.no_problem),
        CheckResult::ProblemFound => t_string!(i18n, risk.result.problem_found),
    }
}

pub fn rect_state_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    s: crate::domain::rectification::RectState,
) -> &'static str {
    use crate::domain::rectification::RectState;
    match s {
        RectState::Open => t_string!(i18n, risk.rect_state.open),
        RectState::InProgress => t_string!(i18n, risk.rect_state.in_progress),
        RectState::Submitted => t_string!(i18n, risk.rect_state.submitted),
        RectState::Verified => t_string!(i18n, risk.rect_state.verified),
        RectState::SentBack => t_string!(i18n, risk.rect_state.sent_back),
    }
}

pub fn rule_text(i18n: leptos_i18n::I18nContext<Locale>, r: WarningRule) -> &'static str {
    match r {
        WarningRule::Stalling => t_string!(i18n, warning.rule.stalling),
        WarningRule::Shirking => t_string!(i18n, warning.rule.shirking),
        WarningRule::Privacy => t_string!(i18n, warning.rule.privacy),
        WarningRule::Surge => t_string!(i18n, warning.rule.surge),
        WarningRule::RepeatCaller => t_string!(i18n, warning.rule.repeat_caller),
        WarningRule::Forged => t_string!(i18n, warning.rule.forged),
    }
}

pub fn warning_state_text(i18n: leptos_i18n::I18nContext<Locale>, s: WarningState) -> &'static str {
    match s {
        WarningState::Raised => t_string!(i18n, warning.state.raised),
        WarningState::Confirmed => t_string!(i18n, warning.state.confirmed),
        WarningState::Dismissed => t_string!(i18n, warning.state.dismissed),
    }
}

pub fn event_grade_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    g: crate::domain::emergency::EventGrade,
) -> &'static str {
    use crate::domain::emergency::EventGrade;
    match g {
        EventGrade::General => t_string!(i18n, risk_event.grade.general),
        EventGrade::Major => t_string!(i18n, risk_event.grade.major),
    }
}

pub fn event_state_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    s: crate::domain::emergency::EventState,
) -> &'static str {
    use crate::domain::emergency::EventState;
    match s {
        EventState::Open => t_string!(i18n, risk_event.state.open),
        EventState::Filed => t_string!(i18n, risk_event.state.filed),
        EventState::Closed => t_string!(i18n, risk_event.state.closed),
    }
}

pub fn report_kind_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    k: crate::domain::emergency::ReportKind,
) -> &'static str {
    use crate::domain::emergency::ReportKind;
    match k {
        ReportKind::Initial => t_string!(i18n, risk_event.report.initial),
        ReportKind::Progress => t_string!(i18n, risk_event.report.progress),
        ReportKind::Final => t_string!(i18n, risk_event.report.final_),
    }
}

pub fn duty_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    d: crate::domain::emergency::Duty,
) -> &'static str {
    use crate::domain::emergency::Duty;
    match d {
        Duty::Filing => t_string!(i18n, risk_event.duty.filing),
        Duty::InitialReport => t_string!(i18n, risk_event.duty.initial_report),
        Duty::ProgressReport => t_string!(i18n, risk_event.duty.progress_report),
    }
}
