//! The sheet as a table (CSV or XLSX, as the report's files): one row per unit (the desk,
//! departments, persons) with every KPI under its code (`docs/assessment.md`), the counts
//! behind the main ones and the compliance figures.
use super::{KpiLine, KpiSheet, Unit};
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
const LAST: [&str; 18] = [
    "received",
    "assigned",
    "resolved",
    "due",
    "due_on_time",
    "returns",
    "extensions",
    "redos",
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
        .chain(LAST)
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

fn row(period: &str, l: &KpiLine) -> Vec<String> {
    let unit = match l.unit {
        Unit::Desk => "desk",
        Unit::Department => "department",
        Unit::Person => "person",
    };
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
        .map(|n| n.to_string()),
    );
    cells
}

/// The sheet as CSV text (for `hotline assess --format csv`).
pub fn to_csv(s: &KpiSheet) -> String {
    String::from_utf8_lossy(&table_csv(&columns(), &rows(s)))
        .trim_start_matches('\u{feff}')
        .to_owned()
}

pub fn download(s: &KpiSheet, format: Format) -> Result<Download, AppError> {
    let (columns, table) = (columns(), rows(s));
    Ok(match format {
        Format::Csv => Download {
            filename: format!("assessment-{}.csv", s.period.replace("..", "_")),
            content_type: CSV,
            body: table_csv(&columns, &table),
        },
        Format::Xlsx => Download {
            filename: format!("assessment-{}.xlsx", s.period.replace("..", "_")),
            content_type: XLSX,
            body: table_xlsx("assessment", &columns, &table)?,
        },
    })
}
