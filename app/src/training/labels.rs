//! Translated names of a course's tier and of a person's standing.
use crate::domain::training::{Standing, Tier};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn tier_text(i18n: I18n, t: Tier) -> &'static str {
    match t {
        Tier::Management => t_string!(i18n, training.tier.management),
        Tier::FrontLine => t_string!(i18n, training.tier.front_line),
    }
}

pub fn standing_text(i18n: I18n, s: Standing) -> &'static str {
    match s {
        Standing::Done => t_string!(i18n, training.standing.done),
        Standing::Due => t_string!(i18n, training.standing.due),
        Standing::Overdue => t_string!(i18n, training.standing.overdue),
    }
}

pub fn standing_code(s: Standing) -> &'static str {
    match s {
        Standing::Done => "done",
        Standing::Due => "due",
        Standing::Overdue => "overdue",
    }
}
