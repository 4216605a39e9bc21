//! Translated names of a policy version's states, stages and decisions, and of its history.
use crate::domain::events::PolicyEventData;
use crate::domain::policy::{Decision, Stage, VersionState};
use crate::i18n::*;

pub fn state_text(i18n: leptos_i18n::I18nContext<Locale>, s: VersionState) -> &'static str {
    match s {
        VersionState::Draft => t_string!(i18n, policy.state.draft),
        VersionState::DepartmentReview => t_string!(i18n, policy.state.department_review),
        VersionState::Approval => t_string!(i18n, policy.state.approval),
        VersionState::Approved => t_string!(i18n, policy.state.approved),
        VersionState::Published => t_string!(i18n, policy.state.published),
        VersionState::Superseded => t_string!(i18n, policy.state.superseded),
    }
}

pub fn stage_text(i18n: leptos_i18n::I18nContext<Locale>, s: Stage) -> &'static str {
    match s {
        Stage::Department => t_string!(i18n, policy.stage.department),
        Stage::Leadership => t_string!(i18n, policy.stage.leadership),
    }
}

pub fn decision_text(i18n: leptos_i18n::I18nContext<Locale>, d: Decision) -> &'static str {
    match d {
        Decision::Approve => t_string!(i18n, policy.decision.approve),
        Decision::SendBack => t_string!(i18n, policy.decision.send_back),
    }
}

/// One line of a document's history.
pub fn event_text(i18n: leptos_i18n::I18nContext<Locale>, e: &PolicyEventData) -> String {
    match e {
        PolicyEventData::Drafted { number, .. } => {
            format!("{} {number}", t_string!(i18n, policy.event.drafted))
        }
        PolicyEventData::DraftSaved { .. } => t_string!(i18n, policy.event.draft_saved).to_owned(),
        PolicyEventData::Submitted {
            stage,
            approvers,
            needed,
            ..
        } => format!(
            "{} · {} · {} {}/{}",
            t_string!(i18n, policy.event.submitted),
            stage_text(i18n, *stage),
            t_string!(i18n, policy.event.needed),
            needed,
            approvers.len()
        ),
        PolicyEventData::Decided {
            stage,
            decision,
            comment,
            ..
        } => {
            let mut s = format!(
                "{} · {}",
                stage_text(i18n, *stage),
                decision_text(i18n, *decision)
            );
            if !comment.is_empty() {
                s.push_str(&format!(" · “{comment}”"));
            }
            s
        }
        PolicyEventData::SentBack { stage, .. } => format!(
            "{} · {}",
            t_string!(i18n, policy.event.sent_back),
            stage_text(i18n, *stage)
        ),
        PolicyEventData::Approved { .. } => t_string!(i18n, policy.event.approved).to_owned(),
        PolicyEventData::Published { number, .. } => {
            format!("{} {number}", t_string!(i18n, policy.event.published))
        }
        PolicyEventData::Acknowledged { .. } => {
            t_string!(i18n, policy.event.acknowledged).to_owned()
        }
        PolicyEventData::Signed { .. } => t_string!(i18n, policy.event.signed).to_owned(),
    }
}
