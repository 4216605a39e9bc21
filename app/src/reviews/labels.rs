//! Translated names of the review gate's points, findings, conclusions and states.
use crate::domain::review::{Conclusion, Finding, Point, ReviewState};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn point_text(i18n: I18n, p: Point) -> &'static str {
    match p {
        Point::PublishPolicy => t_string!(i18n, review.point.publish_policy),
        Point::UnmaskedExport => t_string!(i18n, review.point.unmasked_export),
        Point::Catalogue => t_string!(i18n, review.point.catalogue),
        Point::LongExtension => t_string!(i18n, review.point.long_extension),
        Point::MajorEventClose => t_string!(i18n, review.point.major_event_close),
        Point::ArchiveSecret => t_string!(i18n, review.point.archive_secret),
    }
}

pub fn finding_text(i18n: I18n, f: Finding) -> &'static str {
    match f {
        Finding::Pass => t_string!(i18n, review.finding.pass),
        Finding::Concern => t_string!(i18n, review.finding.concern),
    }
}

pub fn conclusion_text(i18n: I18n, c: Conclusion) -> &'static str {
    match c {
        Conclusion::Approve => t_string!(i18n, review.conclusion.approve),
        Conclusion::ApproveWithConditions => t_string!(i18n, review.conclusion.with_conditions),
        Conclusion::Reject => t_string!(i18n, review.conclusion.reject),
    }
}

pub fn state_text(i18n: I18n, s: ReviewState) -> &'static str {
    match s {
        ReviewState::Pending => t_string!(i18n, review.state.pending),
        ReviewState::Approved => t_string!(i18n, review.state.approved),
        ReviewState::ApprovedWithConditions => t_string!(i18n, review.state.with_conditions),
        ReviewState::Rejected => t_string!(i18n, review.state.rejected),
    }
}

/// The three dimensions' names, in the order of `domain::review::DIMENSIONS`.
pub fn dimension_text(i18n: I18n, field: &str) -> &'static str {
    match field {
        "compliance" => t_string!(i18n, review.dimension.compliance),
        "risk" => t_string!(i18n, review.dimension.risk),
        _ => t_string!(i18n, review.dimension.operation),
    }
}

/// A report period's name from its code (day, week, month, year).
pub fn period_text(i18n: I18n, code: &str) -> &'static str {
    match code {
        "week" => t_string!(i18n, report.week),
        "month" => t_string!(i18n, report.month),
        "year" => t_string!(i18n, report.year),
        _ => t_string!(i18n, report.day),
    }
}

/// What a request is about, as lists show it (an export by its date and period).
pub fn subject_text(i18n: I18n, p: &crate::domain::review::Proposal) -> String {
    match p {
        crate::domain::review::Proposal::UnmaskedExport { period, date, .. } => {
            format!("{date} · {}", period_text(i18n, period))
        }
        p => p.title(),
    }
}
