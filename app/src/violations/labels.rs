//! Translated names of violations' grades, measures, outcomes, states and conduct.
use crate::domain::violation::{Conduct, Discipline, Outcome, Severity, ViolationState};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn severity_text(i18n: I18n, s: Severity) -> &'static str {
    match s {
        Severity::Minor => t_string!(i18n, violation.severity.minor),
        Severity::General => t_string!(i18n, violation.severity.general),
        Severity::Serious => t_string!(i18n, violation.severity.serious),
    }
}

pub fn discipline_text(i18n: I18n, d: Discipline) -> &'static str {
    match d {
        Discipline::None => t_string!(i18n, violation.discipline.none),
        Discipline::Warning => t_string!(i18n, violation.discipline.warning),
        Discipline::Criticism => t_string!(i18n, violation.discipline.criticism),
        Discipline::Demerit => t_string!(i18n, violation.discipline.demerit),
        Discipline::MajorDemerit => t_string!(i18n, violation.discipline.major_demerit),
    }
}

pub fn outcome_text(i18n: I18n, o: Outcome) -> &'static str {
    match o {
        Outcome::Upheld => t_string!(i18n, violation.outcome.upheld),
        Outcome::Reduced => t_string!(i18n, violation.outcome.reduced),
        Outcome::Withdrawn => t_string!(i18n, violation.outcome.withdrawn),
    }
}

pub fn state_text(i18n: I18n, s: ViolationState) -> &'static str {
    match s {
        ViolationState::Proposed => t_string!(i18n, violation.state.proposed),
        ViolationState::Notified => t_string!(i18n, violation.state.notified),
        ViolationState::Appealed => t_string!(i18n, violation.state.appealed),
        ViolationState::Decided => t_string!(i18n, violation.state.decided),
        ViolationState::Final => t_string!(i18n, violation.state.in_force),
    }
}

/// Art. 18's conduct by its name; another conduct by the words the proposer wrote.
pub fn conduct_text(i18n: I18n, c: Conduct, other: &str) -> String {
    match c {
        Conduct::None => format!("{} · {other}", t_string!(i18n, violation.conduct_other)),
        c => crate::risk::labels::conduct_text(i18n, c).to_owned(),
    }
}
