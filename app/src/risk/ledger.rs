//! 排查台账: every recorded check the viewer may see, filtered by the risk's department, the
//! days it was recorded on and the result; and the same rows as a CSV or XLSX file (column
//! codes as in `docs/report.md`'s exports, times in the desk's zone).
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The file's columns, in order.
pub const LEDGER_COLUMNS: [&str; 12] = [
    "checked_at",
    "due_on",
    "risk_code",
    "risk_title",
    "department",
    "checked_by",
    "method",
    "result",
    "findings",
    "evidence",
    "check_id",
    "plan_id",
];

/// One row of the file.
pub fn ledger_line(e: &LedgerEntry, offset_secs: i32) -> Vec<String> {
    let r = &e.row;
    vec![
        crate::tickets::local_time(r.checked_at, offset_secs),
        r.due_on.to_string(),
        e.risk_code.clone(),
        e.risk_title.clone(),
        e.department_name.clone(),
        r.checked_by.clone(),
        r.method.clone(),
        r.result.code().to_owned(),
        r.findings.clone(),
        r.evidence.clone(),
        r.id.to_string(),
        r.plan_id.to_string(),
    ]
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::domain::account::FieldProblem;
    use crate::domain::risk::can_view_risk;
    use crate::domain::workflow::Actor;
    use crate::report::service::{day_start, local_day};
    use crate::store::Store;
    use chrono::{Datelike, Days, TimeZone};

    /// The filters understood: a bad date or a period that ends before it starts is a 422 on
    /// its field. Without dates: this month so far.
    pub fn understand(
        q: &LedgerQuery,
        today: NaiveDate,
    ) -> Result<(NaiveDate, NaiveDate, Option<CheckResult>), AppError> {
        let day = |field: &str, text: &str, default: NaiveDate| {
            if text.trim().is_empty() {
                Ok(default)
            } else {
                text.trim()
                    .parse::<NaiveDate>()
                    .map_err(|_| AppError::field(field, FieldProblem::BadDate))
            }
        };
        let from = day("from", &q.from, today.with_day(1).unwrap_or(today))?;
        let to = day("to", &q.to, today)?;
        if to < from {
            return Err(AppError::field("to", FieldProblem::MustBeLater));
        }
        let result = match q.result.as_str() {
            "" => None,
            code => Some(
                CheckResult::parse(code)
                    .ok_or_else(|| AppError::field("result", FieldProblem::UnknownChoice))?,
            ),
        };
        Ok((from, to, result))
    }

    /// The ledger as `actor` may see it under the filters.
    pub async fn ledger<Tz: TimeZone>(
        store: &Store,
        tz: &Tz,
        actor: &Actor,
        q: &LedgerQuery,
        now: i64,
    ) -> Result<LedgerList, AppError> {
        let (from, to, result) = understand(q, local_day(tz, now))?;
        let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
        let visible: Vec<LedgerEntry> = store
            .ledger_between(day_start(tz, from), day_start(tz, end), result)
            .await?
            .into_iter()
            .filter(|e| can_view_risk(actor, e.department_id, e.owner_id))
            .collect();
        let mut departments: Vec<(i64, String)> = visible
            .iter()
            .map(|e| (e.department_id, e.department_name.clone()))
            .collect();
        departments.sort();
        departments.dedup();
        Ok(LedgerList {
            entries: visible
                .into_iter()
                .filter(|e| q.department.is_none_or(|d| d == e.department_id))
                .collect(),
            department: q.department,
            from,
            to,
            result,
            departments,
            utc_offset_secs: crate::tickets::service::utc_offset_secs(tz, now),
        })
    }

    /// The ledger as a file.
    pub async fn export<Tz: TimeZone>(
        store: &Store,
        tz: &Tz,
        actor: &Actor,
        q: &LedgerQuery,
        format: crate::report::export::Format,
        now: i64,
    ) -> Result<crate::report::export::Download, AppError> {
        use crate::report::export::{table_csv, table_xlsx, Download, Format, CSV, XLSX};
        let list = ledger(store, tz, actor, q, now).await?;
        let table: Vec<Vec<String>> = list
            .entries
            .iter()
            .map(|e| ledger_line(e, list.utc_offset_secs))
            .collect();
        let stem = format!("hotline-risk-ledger-{}-{}", list.from, list.to);
        Ok(match format {
            Format::Csv => Download {
                filename: format!("{stem}.csv"),
                content_type: CSV,
                body: table_csv(&LEDGER_COLUMNS, &table),
            },
            Format::Xlsx => Download {
                filename: format!("{stem}.xlsx"),
                content_type: XLSX,
                body: table_xlsx("ledger", &LEDGER_COLUMNS, &table)?,
            },
        })
    }
}

/// 排查台账: compliance, supervisors, leads and owners, each the rows of the risks they see.
#[server(prefix = "/api", endpoint = "risks/ledger")]
pub async fn list_ledger(
    #[server(default)] department: Option<i64>,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] result: String,
) -> Result<LedgerList, AppError> {
    use crate::auth::server::{require_account, store};
    let account = require_account().await?;
    let store = store()?;
    let actor = crate::tickets::service::actor_of(&store, &account).await?;
    let tz = crate::state::app_state()?.timezone;
    let q = LedgerQuery {
        department,
        from,
        to,
        result,
    };
    service::ledger(
        &store,
        &tz,
        &actor,
        &q,
        chrono::Utc::now().timestamp_millis(),
    )
    .await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::service::understand;
    use super::*;
    use crate::domain::account::FieldProblem;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn without_dates_the_ledger_is_this_month_so_far() {
        let q = LedgerQuery::default();
        assert_eq!(
            understand(&q, day("2026-12-04")).unwrap(),
            (day("2026-12-01"), day("2026-12-04"), None)
        );
    }

    #[test]
    fn bad_filters_name_their_field() {
        let today = day("2026-12-04");
        let q = |from: &str, to: &str, result: &str| LedgerQuery {
            department: None,
            from: from.into(),
            to: to.into(),
            result: result.into(),
        };
        let field = |r: Result<_, AppError>| match r {
            Err(AppError::Field { field, problem }) => (field, problem),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(understand(&q("2026-13-01", "", ""), today)),
            ("from".to_string(), FieldProblem::BadDate)
        );
        assert_eq!(
            field(understand(&q("2026-12-03", "2026-12-02", ""), today)),
            ("to".to_string(), FieldProblem::MustBeLater)
        );
        assert_eq!(
            field(understand(&q("", "", "maybe"), today)),
            ("result".to_string(), FieldProblem::UnknownChoice)
        );
        assert_eq!(
            understand(&q("2026-11-01", "2026-11-30", "problem_found"), today).unwrap(),
            (
                day("2026-11-01"),
                day("2026-11-30"),
                Some(CheckResult::ProblemFound)
            )
        );
    }
}
