//! Scoring the KPIs (考核评分) as pure functions, for the league table (通报): each KPI has
//! full marks (its weight) and a piecewise-linear curve; a unit's score is the sum of its
//! KPIs' points, scaled to the full marks of the KPIs it has figures for; units are ranked
//! within their group, ties sharing a rank, units without tickets not ranked.
use super::kpi::{Kpi, KpiCounts, KpiRules};
use serde::{Deserialize, Serialize};

/// How one KPI scores: 0 beyond `zero_at` (below it when higher is better, above it when
/// lower is better), `floor` points at `zero_at` itself, rising in a straight line to
/// `weight` (full marks) at `full_at` and beyond.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    pub kpi: Kpi,
    pub weight: f64,
    pub zero_at: f64,
    pub floor: f64,
    pub full_at: f64,
}

impl Curve {
    /// The points a figure earns, to a hundredth of a point (as published); none when
    /// there is no figure (nothing to divide).
    pub fn points(&self, value: Option<f64>) -> Option<f64> {
        let v = value?;
        let higher = self.kpi.higher_is_better();
        let reached = |a: f64, b: f64| if higher { a >= b } else { a <= b };
        let points = if reached(v, self.full_at) {
            self.weight
        } else if !reached(v, self.zero_at) {
            0.0
        } else {
            let share = (v - self.zero_at) / (self.full_at - self.zero_at);
            self.floor + (self.weight - self.floor) * share
        };
        Some((points * 100.0).round() / 100.0)
    }

    /// A curve that makes sense: full marks above the floor, and `full_at` on the better
    /// side of `zero_at`.
    pub fn is_sound(&self) -> bool {
        let ordered = if self.kpi.higher_is_better() {
            self.zero_at < self.full_at
        } else {
            self.zero_at > self.full_at
        };
        self.weight > 0.0 && (0.0..self.weight).contains(&self.floor) && ordered
    }
}

/// A unit's score: each KPI's points (none without a figure) and the total, out of the full
/// marks of all the curves — the points earned scaled up by the share of the full marks the
/// unit has figures for, so a unit is not punished for a KPI it had nothing to count in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub points: Vec<Option<f64>>,
    pub total: f64,
}

pub fn score(curves: &[Curve], counts: &KpiCounts, rules: KpiRules) -> Score {
    let points: Vec<Option<f64>> = curves
        .iter()
        .map(|c| c.points(c.kpi.value(counts, rules)))
        .collect();
    let full: f64 = curves.iter().map(|c| c.weight).sum();
    let (earned, possible) = curves
        .iter()
        .zip(&points)
        .filter_map(|(c, p)| p.map(|p| (p, c.weight)))
        .fold((0.0, 0.0), |(e, w), (p, cw)| (e + p, w + cw));
    let total = if possible > 0.0 {
        earned * full / possible
    } else {
        0.0
    };
    Score { points, total }
}

/// Ranks by score, highest first: equal scores (to a hundredth of a point, as shown) share
/// a rank and the next rank skips (1, 2, 2, 4); `None` scores (units without tickets) get
/// no rank.
pub fn ranks(scores: &[Option<f64>]) -> Vec<Option<u32>> {
    let shown = |s: f64| (s * 100.0).round() as i64;
    scores
        .iter()
        .map(|s| {
            let s = shown((*s)?);
            let above = scores.iter().flatten().filter(|o| shown(**o) > s).count();
            Some(above as u32 + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(kpi: Kpi, zero_at: f64, full_at: f64) -> Curve {
        Curve {
            kpi,
            weight: 20.0,
            zero_at,
            floor: 5.0,
            full_at,
        }
    }

    #[test]
    fn a_curve_scores_zero_then_the_floor_then_a_line_to_full_marks() {
        let c = curve(Kpi::OnTimeCompletion, 0.8, 0.95);
        assert_eq!(c.points(Some(0.79)), Some(0.0), "below the threshold");
        assert_eq!(c.points(Some(0.8)), Some(5.0), "the floor at the threshold");
        assert_eq!(c.points(Some(0.875)), Some(12.5), "half way");
        assert_eq!(c.points(Some(0.95)), Some(20.0), "full marks");
        assert_eq!(c.points(Some(1.0)), Some(20.0), "no more than full marks");
        assert_eq!(c.points(None), None);
        assert!(c.is_sound());
    }

    #[test]
    fn a_kpi_better_lower_has_its_curve_mirrored() {
        let c = curve(Kpi::ReturnRate, 0.10, 0.02);
        assert_eq!(c.points(Some(0.0)), Some(20.0));
        assert_eq!(c.points(Some(0.02)), Some(20.0));
        assert_eq!(c.points(Some(0.06)), Some(12.5));
        assert_eq!(c.points(Some(0.10)), Some(5.0));
        assert_eq!(c.points(Some(0.11)), Some(0.0));
        assert!(c.is_sound());
        assert!(
            !curve(Kpi::ReturnRate, 0.02, 0.10).is_sound(),
            "upside down"
        );
        assert!(
            !Curve { floor: 20.0, ..c }.is_sound(),
            "a floor at full marks"
        );
    }

    #[test]
    fn a_unit_is_scored_on_the_kpis_it_has_figures_for() {
        let curves = [
            curve(Kpi::OnTimeSignFor, 0.5, 1.0),
            curve(Kpi::SupervisedOnTime, 0.5, 1.0),
        ];
        let counts = KpiCounts {
            sign_due: 4,
            signed_on_time: 4,
            ..KpiCounts::default()
        };
        let s = score(&curves, &counts, KpiRules::default());
        assert_eq!(s.points, vec![Some(20.0), None], "nothing supervised");
        assert_eq!(s.total, 40.0, "scaled to the full marks of both");
        let none = score(&curves, &KpiCounts::default(), KpiRules::default());
        assert_eq!(none.total, 0.0);
    }

    #[test]
    fn ties_share_a_rank_and_units_without_tickets_have_none() {
        let r = ranks(&[Some(90.0), Some(95.5), None, Some(90.001), Some(80.0)]);
        assert_eq!(r, vec![Some(2), Some(1), None, Some(2), Some(4)]);
        assert_eq!(ranks(&[]), Vec::<Option<u32>>::new());
    }
}
