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
