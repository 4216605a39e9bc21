//! The annual assessment (年度考核) as pure functions: a unit's year is scored on two parts —
//! its KPIs, as the league table scores them (out of 100, before violation points), and its
//! compliance (acknowledgements, letters, training, rectifications, less violation points,
//! out of 100) — weighted by the admin's share, then graded by score bands.
use super::kpi::ComplianceFigures;
use super::risk::coded;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

coded!(
    /// 考核等次, best first.
    Grade {
        Excellent = "excellent",
        Pass = "pass",
        Basic = "basic",
        Fail = "fail",
    }
);

/// How the year is scored and graded: the KPI part's share of the score (the compliance
/// part has the rest) and the lowest score of each grade above 不合格.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualRules {
    pub kpi_share: f64,
    pub excellent: f64,
    pub pass: f64,
    pub basic: f64,
}

impl Default for AnnualRules {
    fn default() -> Self {
        AnnualRules {
            kpi_share: 0.7,
            excellent: 90.0,
            pass: 75.0,
            basic: 60.0,
        }
    }
}

impl AnnualRules {
    /// A share between 0 and 1, and bands that fall from 优秀 to 基本合格 within 0–100.
    pub fn is_sound(&self) -> bool {
        (0.0..=1.0).contains(&self.kpi_share)
            && self.excellent <= 100.0
            && self.excellent > self.pass
            && self.pass > self.basic
            && self.basic > 0.0
    }

    pub fn grade(&self, score: f64) -> Grade {
        if score >= self.excellent {
            Grade::Excellent
        } else if score >= self.pass {
            Grade::Pass
        } else if score >= self.basic {
            Grade::Basic
        } else {
            Grade::Fail
        }
    }

    /// The year's score: the KPI part (out of 100) and the compliance part weighted; a unit
    /// with no KPI score (no ticket work: agents, compliance staff) is scored on compliance
    /// alone. To a hundredth.
    pub fn score(&self, kpi: Option<f64>, compliance: f64) -> f64 {
        let s = match kpi {
            Some(k) => self.kpi_share * k + (1.0 - self.kpi_share) * compliance,
            None => compliance,
        };
        (s * 100.0).round() / 100.0
    }
}

/// The compliance part, out of 100: the mean of the shares the unit has figures for
/// (acknowledgements, letters signed, exams passed, rectifications on time) — 100 when it
/// owed none — less one mark per violation point, never below 0.
pub fn compliance_score(f: &ComplianceFigures) -> f64 {
    let shares: Vec<f64> = [
        f.acknowledgement_coverage(),
        f.letters_rate(),
        f.pass_rate(),
        f.rectifications_rate(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let base = if shares.is_empty() {
        100.0
    } else {
        100.0 * shares.iter().sum::<f64>() / shares.len() as f64
    };
    ((base - f.points as f64).max(0.0) * 100.0).round() / 100.0
}

/// A year can be closed once it has ended (in the desk's time zone).
pub fn year_ended(year: i32, today: NaiveDate) -> bool {
    today.year() > year
}

/// The snapshot key the year's assessment is kept under (beside the daily reports').
pub fn snapshot_key(year: i32) -> String {
    format!("assessment-{year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_bands_at_their_edges() {
        let r = AnnualRules::default();
        assert_eq!(r.grade(90.0), Grade::Excellent);
        assert_eq!(r.grade(89.99), Grade::Pass);
        assert_eq!(r.grade(75.0), Grade::Pass);
        assert_eq!(r.grade(74.99), Grade::Basic);
        assert_eq!(r.grade(60.0), Grade::Basic);
        assert_eq!(r.grade(59.99), Grade::Fail);
        assert!(r.is_sound());
        assert!(
            !AnnualRules { pass: 95.0, ..r }.is_sound(),
            "bands out of order"
        );
        assert!(!AnnualRules {
            kpi_share: 1.5,
            ..r
        }
        .is_sound());
    }

    #[test]
    fn the_score_weighs_kpis_and_compliance() {
        let r = AnnualRules::default();
        assert_eq!(r.score(Some(80.0), 100.0), 86.0, "0.7 × 80 + 0.3 × 100");
        assert_eq!(
            r.score(None, 92.5),
            92.5,
            "no ticket work: compliance alone"
        );
    }

    #[test]
    fn compliance_is_the_mean_of_its_shares_less_violation_points() {
        assert_eq!(compliance_score(&ComplianceFigures::default()), 100.0);
        let f = ComplianceFigures {
            acknowledgements_due: 4,
            acknowledged: 3,
            exams: 2,
            exams_passed: 2,
            points: 5,
            ..ComplianceFigures::default()
        };
        assert_eq!(compliance_score(&f), 82.5, "(75 + 100) / 2 − 5");
        let f = ComplianceFigures {
            points: 120,
            ..ComplianceFigures::default()
        };
        assert_eq!(compliance_score(&f), 0.0, "never below 0");
    }

    #[test]
    fn a_year_closes_once_it_has_ended() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(!year_ended(2026, d(2026, 12, 31)));
        assert!(year_ended(2026, d(2027, 1, 1)));
        assert_eq!(snapshot_key(2026), "assessment-2026");
    }
}
