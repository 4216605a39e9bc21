//! The sheet as a table (CSV or XLSX, as the report's files): one row per unit (the desk,
//! departments, persons) with every KPI under its code (`docs/assessment.md`), the counts
//! behind the main ones and the compliance figures.
use super::{AnnualView, KpiLine, KpiSheet, LeagueTable, Unit};
use crate::domain::kpi::Kpi;
use crate::error::AppError;
use crate::report::export::{table_csv, table_xlsx, Download, Format, CSV, XLSX};

const FIRST: [&str; 6] = [
    "period",
    "unit",
    "code",
    "name",
    "department",
    "has_tickets",
];
const COUNTS: [&str; 8] = [
    "received",
    "assigned",
    "resolved",
    "due",
    "due_on_time",
    "returns",
    "extensions",
    "redos",
];
/// The compliance figures' columns, in `compliance_cells` order.
const COMPLIANCE: [&str; 10] = [
    "violations",
    "points",
    "acknowledgements_due",
    "acknowledged",
    "letters_due",
    "letters_signed",
    "exams",
    "exams_passed",
    "rectifications_due",
    "rectifications_on_time",
];

pub fn columns() -> Vec<&'static str> {
    FIRST
        .into_iter()
        .chain(Kpi::ALL.iter().map(|k| k.code()))
        .chain(COUNTS)
        .chain(COMPLIANCE)
        .collect()
}

pub fn rows(s: &KpiSheet) -> Vec<Vec<String>> {
    s.desk
        .iter()
        .chain(&s.departments)
        .chain(&s.persons)
        .map(|l| row(&s.period, l))
        .collect()
}

fn unit_code(u: Unit) -> &'static str {
    match u {
        Unit::Desk => "desk",
        Unit::Department => "department",
        Unit::Person => "person",
    }
}

fn compliance_cells(f: &crate::domain::kpi::ComplianceFigures) -> [String; 10] {
    [
        f.violations,
        f.points,
        f.acknowledgements_due,
        f.acknowledged,
        f.letters_due,
        f.letters_signed,
        f.exams,
        f.exams_passed,
        f.rectifications_due,
        f.rectifications_on_time,
    ]
    .map(|n| n.to_string())
}

fn row(period: &str, l: &KpiLine) -> Vec<String> {
    let unit = unit_code(l.unit);
    let mut cells = vec![
        period.to_owned(),
        unit.to_owned(),
        l.code.clone(),
        l.name.clone(),
        l.department.clone(),
        l.has_tickets.to_string(),
    ];
    cells.extend(
        l.kpis
            .iter()
            .map(|v| v.map(|x| format!("{x:.4}")).unwrap_or_default()),
    );
    let (c, f) = (&l.counts, &l.compliance);
    cells.extend(
        [
            c.received,
            c.assigned,
            c.resolved,
            c.due,
            c.due_on_time,
            c.returns,
            c.extensions,
            c.redos,
        ]
        .map(|n| n.to_string()),
    );
    cells.extend(compliance_cells(f));
    cells
}

/// The sheet as CSV text (for `hotline assess --format csv`).
pub fn to_csv(s: &KpiSheet) -> String {
    String::from_utf8_lossy(&table_csv(&columns(), &rows(s)))
        .trim_start_matches('\u{feff}')
        .to_owned()
}

pub fn download(s: &KpiSheet, format: Format) -> Result<Download, AppError> {
    file("assessment", &s.period, &columns(), &rows(s), format)
}

/// `stem-period.csv` (or `.xlsx`) of a table.
fn file(
    stem: &str,
    period: &str,
    columns: &[&str],
    table: &[Vec<String>],
    format: Format,
) -> Result<Download, AppError> {
    let name = format!("{stem}-{}", period.replace("..", "_"));
    Ok(match format {
        Format::Csv => Download {
            filename: format!("{name}.csv"),
            content_type: CSV,
            body: table_csv(columns, table),
        },
        Format::Xlsx => Download {
            filename: format!("{name}.xlsx"),
            content_type: XLSX,
            body: table_xlsx(stem, columns, table)?,
        },
    })
}

/// The league table as a file: one row per department and group, with each scored KPI's
/// figure and points (columns named by the KPI's code), the violation points, the lists.
pub fn league_download(t: &LeagueTable, format: Format) -> Result<Download, AppError> {
    let mut columns: Vec<String> = [
        "period",
        "group",
        "rank",
        "code",
        "name",
        "score",
        "kpi_score",
        "change",
        "previous_score",
        "previous_rank",
        "deducted",
        "red_list",
        "black_list",
    ]
    .map(String::from)
    .to_vec();
    for c in &t.scheme.curves {
        columns.push(c.kpi.code().to_owned());
        columns.push(format!("{}_points", c.kpi.code()));
    }
    let number = |x: Option<f64>| x.map(|x| format!("{x:.2}")).unwrap_or_default();
    let mut table = Vec::new();
    for g in &t.groups {
        for r in &g.rows {
            let s = &r.standing;
            let rated = s.rated.as_ref();
            let mut row = vec![
                t.period.clone(),
                g.name.clone(),
                s.rank.map(|x| x.to_string()).unwrap_or_default(),
                r.code.clone(),
                r.name.clone(),
                number(rated.map(|x| x.total)),
                number(rated.map(|x| x.kpi_score)),
                number(s.change),
                number(s.previous),
                s.previous_rank.map(|x| x.to_string()).unwrap_or_default(),
                r.deducted.to_string(),
                s.red.to_string(),
                t.black.iter().any(|b| b.code == r.code).to_string(),
            ];
            for (i, _) in t.scheme.curves.iter().enumerate() {
                row.push(r.figures[i].map(|x| format!("{x:.4}")).unwrap_or_default());
                row.push(number(rated.and_then(|x| x.points[i])));
            }
            table.push(row);
        }
    }
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    file("league", &t.period, &columns, &table, format)
}

/// The year's assessment as the reader sees it: one row per department and person, with the
/// version it was closed as (empty while the year is open), the scores, grade and the
/// compliance figures behind them.
pub fn annual_download(v: &AnnualView, format: Format) -> Result<Download, AppError> {
    let columns: Vec<&str> = [
        "year",
        "version",
        "unit",
        "code",
        "name",
        "department",
        "kpi_score",
        "compliance_score",
        "score",
        "grade",
    ]
    .into_iter()
    .chain(COMPLIANCE)
    .collect();
    let a = &v.assessment;
    let version = v
        .closed
        .as_ref()
        .map(|c| c.version.to_string())
        .unwrap_or_default();
    let table: Vec<Vec<String>> = a
        .departments
        .iter()
        .chain(&a.persons)
        .map(|l| {
            let mut cells = vec![
                a.year.to_string(),
                version.clone(),
                unit_code(l.unit).to_owned(),
                l.code.clone(),
                l.name.clone(),
                l.department.clone(),
                l.kpi_score.map(|x| format!("{x:.2}")).unwrap_or_default(),
                format!("{:.2}", l.compliance_score),
                format!("{:.2}", l.score),
                l.grade.code().to_owned(),
            ];
            cells.extend(compliance_cells(&l.compliance));
            cells
        })
        .collect();
    file(
        "annual-assessment",
        &a.year.to_string(),
        &columns,
        &table,
        format,
    )
}

/// The annual management report's tables as one long table (section, item, key, value):
/// the figures of the year and the year before, the months, the year's KPIs, the risks by
/// grade at the start and the end, the violations by conduct and grade, the evaluations'
/// scores and tasks, and the suggestions — with the version it was issued as.
pub fn annual_report_download(
    v: &super::AnnualReportView,
    format: Format,
) -> Result<Download, AppError> {
    let r = &v.report;
    let version = v
        .issued
        .as_ref()
        .map(|x| x.version.to_string())
        .unwrap_or_default();
    let (year, before) = (r.year.to_string(), (r.year - 1).to_string());
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut put = |section: &str, item: &str, key: &str, value: String| {
        table.push(vec![
            version.clone(),
            section.to_owned(),
            item.to_owned(),
            key.to_owned(),
            value,
        ])
    };
    let rate = |x: Option<f64>| x.map(|x| format!("{x:.4}")).unwrap_or_default();
    for (key, f) in [(&year, &r.figures), (&before, &r.previous)] {
        let (p, t, x) = (&f.policies, &f.training, &f.violations);
        for (item, value) in [
            ("received", f.received.to_string()),
            ("dispatched", f.dispatched.to_string()),
            ("resolved", f.resolved.to_string()),
            ("on_time_rate", rate(f.on_time_rate)),
            ("satisfaction_rate", rate(f.satisfaction_rate)),
            ("returns", f.returns.to_string()),
            ("extensions_approved", f.extensions_approved.to_string()),
            ("escalations", f.escalations.to_string()),
            ("redos", f.redos.to_string()),
            ("backlog_at_close", f.backlog_at_close.to_string()),
            ("overdue_at_close", f.overdue_at_close.to_string()),
            ("risk_checks_done", f.risks.checks_done.to_string()),
            ("risk_checks_due", f.risks.checks_due.to_string()),
            (
                "rectifications_overdue",
                f.risks.rectifications_overdue.to_string(),
            ),
            ("warnings_confirmed", f.risks.warnings_confirmed.to_string()),
            ("violations_proposed", x.proposed.to_string()),
            ("violation_points", x.points.to_string()),
            (
                "policy_versions_published",
                p.versions_published.to_string(),
            ),
            ("acknowledgement_rate", rate(p.acknowledgement_rate)),
            ("letters_signed", p.letters_signed.to_string()),
            ("letters_due", p.letters_due.to_string()),
            ("exams", t.exams.to_string()),
            ("exam_pass_rate", rate(t.pass_rate)),
            ("training_completion_rate", rate(t.completion_rate)),
        ] {
            put("figures", item, key, value);
        }
        for (grade, n) in &f.risks.open_by_grade {
            put("risks_open_at_end", grade, key, n.to_string());
        }
        for (grade, n) in &f.risks.events_by_grade {
            put("risk_events", grade, key, n.to_string());
        }
    }
    for m in &r.months {
        put("month", &m.month, "received", m.received.to_string());
        put("month", &m.month, "resolved", m.resolved.to_string());
        put("month", &m.month, "on_time_rate", rate(m.on_time_rate));
        put(
            "month",
            &m.month,
            "satisfaction_rate",
            rate(m.satisfaction_rate),
        );
    }
    if let Some(line) = &r.kpis {
        for (k, value) in Kpi::ALL.iter().zip(&line.kpis) {
            put("kpi", k.code(), &year, rate(*value));
        }
    }
    for t in &r.violations {
        let item = format!("{}/{}", t.conduct.code(), t.severity.code());
        put("violations", &item, "count", t.count.to_string());
        put("violations", &item, "points", t.points.to_string());
    }
    for s in &r.evaluations {
        let e = &s.evaluation;
        for d in &e.scores {
            put(
                "evaluation",
                &e.code,
                d.dimension.code(),
                d.score.to_string(),
            );
        }
        let overall = e.overall.map(|x| format!("{x:.2}")).unwrap_or_default();
        put("evaluation", &e.code, "overall", overall);
        for t in &s.tasks {
            let item = format!("{} #{}", e.code, t.id);
            put("evaluation_task", &item, t.state.code(), t.action.clone());
        }
    }
    put("suggestions", "", "", r.suggestions.clone());
    let columns = ["version", "section", "item", "key", "value"];
    file("annual-report", &year, &columns, &table, format)
}
