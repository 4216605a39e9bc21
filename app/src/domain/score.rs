//! Scoring the KPIs (考核评分) as pure functions, for the league table (通报): each KPI has
//! full marks (its weight) and a piecewise-linear curve; a unit's score is the sum of its
//! KPIs' points, scaled to the full marks of the KPIs it has figures for; units are ranked
//! within their group, ties sharing a rank, units without tickets not ranked.
use super::account::FieldProblem;
use super::annual::AnnualRules;
use super::kpi::{Kpi, KpiCounts, KpiRules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// A group of units ranked apart (e.g. the bureaus and the enforcement brigades), with its
/// own full marks and the size of its red list (红榜).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub full_marks: f64,
    pub red_size: u32,
}

/// The admin's scoring scheme: the curves (only KPIs with one are scored), the groups, which
/// group each department is in (a department not placed is in the first group), and the size
/// of the black list (黑榜), drawn from all groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreScheme {
    pub curves: Vec<Curve>,
    pub groups: Vec<Group>,
    #[serde(default)]
    pub members: BTreeMap<i64, usize>,
    pub black_size: u32,
    /// How the year is scored and graded (年度考核).
    #[serde(default)]
    pub annual: AnnualRules,
}

/// At most this many groups.
pub const MAX_GROUPS: usize = 6;

impl Default for ScoreScheme {
    /// A scheme after the usual 12345 bulletins: 100 marks, most of them for on-time
    /// completion and satisfaction.
    fn default() -> Self {
        let c = |kpi, weight, zero_at, floor, full_at| Curve {
            kpi,
            weight,
            zero_at,
            floor,
            full_at,
        };
        ScoreScheme {
            curves: vec![
                c(Kpi::OnTimeSignFor, 15.0, 0.80, 0.0, 0.98),
                c(Kpi::OnTimeCompletion, 25.0, 0.70, 5.0, 0.95),
                c(Kpi::Completion, 10.0, 0.70, 0.0, 0.95),
                c(Kpi::Satisfaction, 25.0, 0.60, 5.0, 0.95),
                c(Kpi::ReturnRate, 10.0, 0.20, 0.0, 0.05),
                c(Kpi::ExtensionRate, 5.0, 0.30, 0.0, 0.10),
                c(Kpi::FirstTimeResolution, 10.0, 0.50, 0.0, 0.90),
            ],
            groups: vec![Group {
                name: "承办单位".into(),
                full_marks: 100.0,
                red_size: 3,
            }],
            members: BTreeMap::new(),
            black_size: 3,
            annual: AnnualRules::default(),
        }
    }
}

/// What is wrong with a scheme: the field (a KPI's code, `group_N`, `black_size`) and why.
pub type SchemeProblem = (String, FieldProblem);

impl ScoreScheme {
    /// The group a department is ranked in.
    pub fn group_of(&self, department: i64) -> usize {
        self.members
            .get(&department)
            .copied()
            .filter(|g| *g < self.groups.len())
            .unwrap_or(0)
    }

    /// A scheme that can score: at least one sound curve, no KPI twice, 1 to `MAX_GROUPS`
    /// named groups with full marks, lists no longer than 20.
    pub fn check(&self) -> Result<(), SchemeProblem> {
        let problem = |field: &str, p| Err((field.to_owned(), p));
        if self.curves.is_empty() {
            return problem("curves", FieldProblem::Required);
        }
        for (i, c) in self.curves.iter().enumerate() {
            if !c.is_sound() || c.weight > 1000.0 {
                return problem(c.kpi.code(), FieldProblem::BadNumber);
            }
            if self.curves[..i].iter().any(|o| o.kpi == c.kpi) {
                return problem(c.kpi.code(), FieldProblem::AlreadyTaken);
            }
        }
        if self.groups.is_empty() || self.groups.len() > MAX_GROUPS {
            return problem("group_0", FieldProblem::Required);
        }
        for (i, g) in self.groups.iter().enumerate() {
            let field = format!("group_{i}");
            if g.name.trim().is_empty() {
                return problem(&field, FieldProblem::Required);
            }
            if g.name.chars().count() > 40 {
                return problem(&field, FieldProblem::TooLong);
            }
            if !(g.full_marks > 0.0 && g.full_marks <= 1000.0) || g.red_size > 20 {
                return problem(&field, FieldProblem::BadNumber);
            }
        }
        if self.black_size > 20 {
            return problem("black_size", FieldProblem::BadNumber);
        }
        if !self.annual.is_sound() {
            return problem("annual", FieldProblem::BadNumber);
        }
        Ok(())
    }
}

/// A ranked unit's score in its group: each curve's points, the KPI score out of the
/// group's full marks, the violation points deducted, and the score (never below 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rated {
    pub points: Vec<Option<f64>>,
    pub kpi_score: f64,
    pub deducted: i64,
    pub total: f64,
}

fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A unit's score with `full_marks` and the violation points of its people deducted; none
/// for a unit without tickets in the period (it is not ranked).
pub fn rate(
    curves: &[Curve],
    counts: &KpiCounts,
    rules: KpiRules,
    full_marks: f64,
    deducted: i64,
) -> Option<Rated> {
    if !counts.has_tickets() {
        return None;
    }
    let s = score(curves, counts, rules);
    let weights: f64 = curves.iter().map(|c| c.weight).sum();
    let kpi_score = if weights > 0.0 {
        hundredths(s.total * full_marks / weights)
    } else {
        0.0
    };
    Some(Rated {
        points: s.points,
        kpi_score,
        deducted,
        total: hundredths((kpi_score - deducted as f64).max(0.0)),
    })
}

impl Rated {
    /// Why the unit lost points, worst first: each KPI's full marks less its points (KPIs
    /// without a figure lost nothing), at most `n`, leaving out losses under 0.01.
    pub fn losses(&self, curves: &[Curve], n: usize) -> Vec<(Kpi, f64)> {
        let mut lost: Vec<(Kpi, f64)> = curves
            .iter()
            .zip(&self.points)
            .filter_map(|(c, p)| p.map(|p| (c.kpi, hundredths(c.weight - p))))
            .filter(|(_, l)| *l >= 0.01)
            .collect();
        lost.sort_by(|a, b| b.1.total_cmp(&a.1));
        lost.truncate(n);
        lost
    }
}

/// One unit going into the league table: its counts and deductions this period and the
/// previous one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub counts: KpiCounts,
    pub deducted: i64,
    pub previous: KpiCounts,
    pub previous_deducted: i64,
}

/// A unit's place: its score (none: no tickets), rank, the previous period's score and
/// rank (same group, same scheme) and the change; on the red list or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub id: i64,
    pub group: usize,
    pub rated: Option<Rated>,
    pub rank: Option<u32>,
    pub previous: Option<f64>,
    pub previous_rank: Option<u32>,
    pub change: Option<f64>,
    pub red: bool,
}

/// The league table: the standings of each group (best first, unranked last) and the
/// black list, `(group, index in the group)` worst first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct League {
    pub groups: Vec<Vec<Standing>>,
    pub black: Vec<(usize, usize)>,
}

/// Ranks every department in its group, this period and the last, marks the red list (rank
/// within a group's red size, ties included) and draws the black list: the lowest shares of
/// their groups' full marks over all groups, ties at the edge included, units on a red list
/// never.
pub fn league(scheme: &ScoreScheme, rules: KpiRules, entries: &[Entry]) -> League {
    let mut groups: Vec<Vec<Standing>> = vec![Vec::new(); scheme.groups.len()];
    for (g, group) in scheme.groups.iter().enumerate() {
        let members: Vec<&Entry> = entries
            .iter()
            .filter(|e| scheme.group_of(e.id) == g)
            .collect();
        let full = group.full_marks;
        let now: Vec<Option<Rated>> = members
            .iter()
            .map(|e| rate(&scheme.curves, &e.counts, rules, full, e.deducted))
            .collect();
        let before: Vec<Option<f64>> = members
            .iter()
            .map(|e| {
                rate(
                    &scheme.curves,
                    &e.previous,
                    rules,
                    full,
                    e.previous_deducted,
                )
                .map(|r| r.total)
            })
            .collect();
        let rank_now = ranks(
            &now.iter()
                .map(|r| r.as_ref().map(|r| r.total))
                .collect::<Vec<_>>(),
        );
        let rank_before = ranks(&before);
        let mut rows: Vec<Standing> = members
            .iter()
            .enumerate()
            .map(|(i, e)| Standing {
                id: e.id,
                group: g,
                change: match (&now[i], before[i]) {
                    (Some(r), Some(b)) => Some(hundredths(r.total - b)),
                    _ => None,
                },
                rated: now[i].clone(),
                rank: rank_now[i],
                previous: before[i],
                previous_rank: rank_before[i],
                red: rank_now[i].is_some_and(|r| r <= group.red_size),
            })
            .collect();
        rows.sort_by_key(|s| (s.rank.is_none(), s.rank));
        groups[g] = rows;
    }
    let share = |g: usize, s: &Standing| {
        s.rated
            .as_ref()
            .map(|r| (r.total / scheme.groups[g].full_marks * 10_000.0).round() as i64)
    };
    let mut candidates: Vec<(i64, usize, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, rows)| {
            rows.iter()
                .enumerate()
                .filter(|(_, s)| !s.red)
                .filter_map(move |(i, s)| share(g, s).map(|sh| (sh, g, i)))
        })
        .collect();
    candidates.sort();
    let n = scheme.black_size as usize;
    let edge = candidates
        .get(n.wrapping_sub(1))
        .or(candidates.last())
        .map(|c| c.0);
    let black = candidates
        .iter()
        .take_while(|c| n > 0 && Some(c.0) <= edge)
        .map(|c| (c.1, c.2))
        .collect();
    League { groups, black }
}

/// The scheme form's text, as posted: per KPI code its weight, threshold, floor and
/// full-marks figure (rates in percent, hours in hours); groups by row index; each
/// department's group index by department id; the black list's size.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemeText {
    pub weight: BTreeMap<String, String>,
    pub zero_at: BTreeMap<String, String>,
    pub floor: BTreeMap<String, String>,
    pub full_at: BTreeMap<String, String>,
    pub group_name: BTreeMap<String, String>,
    pub group_full: BTreeMap<String, String>,
    pub group_red: BTreeMap<String, String>,
    pub member: BTreeMap<String, String>,
    pub black_size: String,
    /// The annual rules: the KPI part's share in percent, the bands' lowest scores.
    #[serde(default)]
    pub kpi_share: String,
    #[serde(default)]
    pub excellent: String,
    #[serde(default)]
    pub pass: String,
    #[serde(default)]
    pub basic: String,
}

impl SchemeText {
    /// The text a scheme is shown with in the form.
    pub fn of(s: &ScoreScheme) -> SchemeText {
        let mut t = SchemeText {
            black_size: s.black_size.to_string(),
            kpi_share: trim(s.annual.kpi_share * 100.0),
            excellent: trim(s.annual.excellent),
            pass: trim(s.annual.pass),
            basic: trim(s.annual.basic),
            ..SchemeText::default()
        };
        for c in &s.curves {
            let code = c.kpi.code().to_owned();
            let unit = shown_unit(c.kpi);
            t.weight.insert(code.clone(), trim(c.weight));
            t.zero_at.insert(code.clone(), trim(c.zero_at * unit));
            t.floor.insert(code.clone(), trim(c.floor));
            t.full_at.insert(code, trim(c.full_at * unit));
        }
        for (i, g) in s.groups.iter().enumerate() {
            t.group_name.insert(i.to_string(), g.name.clone());
            t.group_full.insert(i.to_string(), trim(g.full_marks));
            t.group_red.insert(i.to_string(), g.red_size.to_string());
        }
        for (d, g) in &s.members {
            t.member.insert(d.to_string(), g.to_string());
        }
        t
    }

    /// The scheme the form says, checked: a KPI with no weight (or 0) is not scored, a group
    /// row without a name is dropped (departments placed in a dropped group go to the first).
    pub fn parse(&self) -> Result<ScoreScheme, SchemeProblem> {
        let number = |field: &str, text: Option<&String>| -> Result<f64, SchemeProblem> {
            let text = text.map(|t| t.trim()).unwrap_or("");
            if text.is_empty() {
                return Err((field.to_owned(), FieldProblem::Required));
            }
            text.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or((field.to_owned(), FieldProblem::BadNumber))
        };
        let mut curves = Vec::new();
        for &kpi in Kpi::ALL {
            let code = kpi.code();
            let weight = self.weight.get(code).map(|w| w.trim()).unwrap_or("");
            if weight.is_empty() || weight.parse::<f64>() == Ok(0.0) {
                continue;
            }
            let unit = shown_unit(kpi);
            curves.push(Curve {
                kpi,
                weight: number(code, self.weight.get(code))?,
                zero_at: number(code, self.zero_at.get(code))? / unit,
                floor: number(code, self.floor.get(code))?,
                full_at: number(code, self.full_at.get(code))? / unit,
            });
        }
        let mut groups = Vec::new();
        let mut kept: BTreeMap<usize, usize> = BTreeMap::new();
        for i in 0..MAX_GROUPS {
            let key = i.to_string();
            let name = self.group_name.get(&key).map(|n| n.trim()).unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let field = format!("group_{}", groups.len());
            let red = number(&field, self.group_red.get(&key))?;
            kept.insert(i, groups.len());
            groups.push(Group {
                name: name.to_owned(),
                full_marks: number(&field, self.group_full.get(&key))?,
                red_size: if red.fract() == 0.0 && red <= 20.0 {
                    red as u32
                } else {
                    return Err((field, FieldProblem::BadNumber));
                },
            });
        }
        let members = self
            .member
            .iter()
            .filter_map(|(d, g)| {
                let g = kept.get(&g.trim().parse().ok()?).copied()?;
                Some((d.parse().ok()?, g))
            })
            .filter(|(_, g)| *g > 0)
            .collect();
        let black = number("black_size", Some(&self.black_size))?;
        if black.fract() != 0.0 || black > 20.0 {
            return Err(("black_size".into(), FieldProblem::BadNumber));
        }
        let annual = AnnualRules {
            kpi_share: number("annual", Some(&self.kpi_share))? / 100.0,
            excellent: number("annual", Some(&self.excellent))?,
            pass: number("annual", Some(&self.pass))?,
            basic: number("annual", Some(&self.basic))?,
        };
        let scheme = ScoreScheme {
            curves,
            groups,
            members,
            black_size: black as u32,
            annual,
        };
        scheme.check()?;
        Ok(scheme)
    }
}

/// Rates are typed in percent, hours in hours.
fn shown_unit(kpi: Kpi) -> f64 {
    match kpi.measure() {
        super::kpi::Measure::Rate => 100.0,
        super::kpi::Measure::Hours => 1.0,
    }
}

/// A number as typed back: no trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{:.4}", (x * 10_000.0).round() / 10_000.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
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

    fn counts(on_time: i64, of: i64) -> KpiCounts {
        KpiCounts {
            assigned: of,
            sign_due: of,
            signed_on_time: on_time,
            ..KpiCounts::default()
        }
    }

    fn scheme(groups: &[(&str, f64, u32)], black: u32) -> ScoreScheme {
        ScoreScheme {
            curves: vec![Curve {
                kpi: Kpi::OnTimeSignFor,
                weight: 50.0,
                zero_at: 0.5,
                floor: 0.0,
                full_at: 1.0,
            }],
            groups: groups
                .iter()
                .map(|(n, f, r)| Group {
                    name: (*n).into(),
                    full_marks: *f,
                    red_size: *r,
                })
                .collect(),
            members: BTreeMap::new(),
            black_size: black,
            annual: AnnualRules::default(),
        }
    }

    #[test]
    fn a_score_is_out_of_the_group_s_full_marks_less_violation_points() {
        let s = scheme(&[("a", 100.0, 1)], 1);
        let r = rate(&s.curves, &counts(3, 4), KpiRules::default(), 100.0, 5).unwrap();
        assert_eq!(
            r.points,
            vec![Some(25.0)],
            "75 % is half way from 50 % to 100 %"
        );
        assert_eq!(r.kpi_score, 50.0, "25 of 50 marks is 50 of 100");
        assert_eq!(r.total, 45.0, "less 5 violation points");
        let r = rate(&s.curves, &counts(3, 4), KpiRules::default(), 120.0, 0).unwrap();
        assert_eq!(r.kpi_score, 60.0, "a group with 120 full marks");
        let r = rate(&s.curves, &counts(1, 4), KpiRules::default(), 100.0, 3).unwrap();
        assert_eq!(r.total, 0.0, "never below 0");
        assert_eq!(r.losses(&s.curves, 3), vec![(Kpi::OnTimeSignFor, 50.0)]);
        assert_eq!(
            rate(
                &s.curves,
                &KpiCounts::default(),
                KpiRules::default(),
                100.0,
                5
            ),
            None,
            "no tickets: not scored, whatever the violations"
        );
    }

    #[test]
    fn losses_name_the_kpis_that_cost_most_first() {
        let r = Rated {
            points: vec![Some(20.0), Some(12.5), None, Some(4.0)],
            kpi_score: 0.0,
            deducted: 0,
            total: 0.0,
        };
        let curves: Vec<Curve> = [
            Kpi::OnTimeSignFor,
            Kpi::Satisfaction,
            Kpi::SupervisedOnTime,
            Kpi::ReturnRate,
        ]
        .into_iter()
        .map(|kpi| Curve {
            kpi,
            weight: 20.0,
            zero_at: 0.0,
            floor: 0.0,
            full_at: 1.0,
        })
        .collect();
        assert_eq!(
            r.losses(&curves, 3),
            vec![(Kpi::ReturnRate, 16.0), (Kpi::Satisfaction, 7.5)],
            "full marks and no figure lose nothing"
        );
        assert_eq!(r.losses(&curves, 1), vec![(Kpi::ReturnRate, 16.0)]);
    }

    #[test]
    fn groups_rank_apart_with_red_and_black_lists_and_the_change() {
        let mut s = scheme(&[("bureaus", 100.0, 1), ("brigades", 100.0, 1)], 2);
        s.members.insert(4, 1);
        s.members.insert(5, 1);
        s.members.insert(6, 9); // a group that no longer exists: the first
        let e = |id, now: (i64, i64), before: (i64, i64), deducted| Entry {
            id,
            counts: counts(now.0, now.1),
            deducted,
            previous: counts(before.0, before.1),
            previous_deducted: 0,
        };
        let entries = [
            e(1, (4, 4), (3, 4), 0),  // 100, was 50
            e(2, (3, 4), (4, 4), 0),  // 50, was 100
            e(3, (0, 0), (4, 4), 0),  // no tickets: unranked
            e(4, (4, 4), (0, 0), 10), // 90, no figure before
            e(5, (3, 4), (3, 4), 0),  // 50
            e(6, (3, 4), (3, 4), 0),  // 50 (in the first group), ties with 2
        ];
        let l = league(&s, KpiRules::default(), &entries);
        let ids = |g: usize| l.groups[g].iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(0), vec![1, 2, 6, 3]);
        assert_eq!(ids(1), vec![4, 5]);
        let first = &l.groups[0];
        assert_eq!(
            first.iter().map(|s| s.rank).collect::<Vec<_>>(),
            vec![Some(1), Some(2), Some(2), None]
        );
        assert_eq!(first[0].change, Some(50.0));
        assert_eq!(
            first[0].previous_rank,
            Some(3),
            "behind 2 and 3, tied with 6"
        );
        assert_eq!(first[1].change, Some(-50.0));
        assert_eq!(first[3].previous, Some(100.0), "ranked before, not now");
        assert_eq!(first[3].change, None);
        assert_eq!(l.groups[1][0].change, None, "no figure before");
        assert_eq!(l.groups[1][0].rated.as_ref().unwrap().total, 90.0);
        assert!(first[0].red && l.groups[1][0].red);
        assert!(!first[1].red);
        // The black list: the lowest shares outside the red lists, ties at the edge in.
        assert_eq!(l.black, vec![(0, 1), (0, 2), (1, 1)]);
        s.black_size = 0;
        assert!(league(&s, KpiRules::default(), &entries).black.is_empty());
    }

    #[test]
    fn a_scheme_is_checked_before_it_is_saved() {
        assert_eq!(ScoreScheme::default().check(), Ok(()));
        let full: f64 = ScoreScheme::default().curves.iter().map(|c| c.weight).sum();
        assert_eq!(full, 100.0, "the default scheme has 100 marks");
        let mut s = ScoreScheme::default();
        s.curves.push(s.curves[0]);
        assert_eq!(
            s.check(),
            Err(("on_time_sign_for".into(), FieldProblem::AlreadyTaken))
        );
        let mut s = ScoreScheme::default();
        s.groups[0].name = " ".into();
        assert_eq!(s.check(), Err(("group_0".into(), FieldProblem::Required)));
        let mut s = ScoreScheme::default();
        s.curves[1].full_at = 0.5;
        assert_eq!(
            s.check(),
            Err(("on_time_completion".into(), FieldProblem::BadNumber))
        );
        let mut s = ScoreScheme::default();
        s.curves.clear();
        assert!(s.check().is_err());
    }

    #[test]
    fn the_form_text_reads_back_as_the_scheme_it_shows() {
        let mut s = ScoreScheme::default();
        s.groups.push(Group {
            name: "执法队".into(),
            full_marks: 120.0,
            red_size: 2,
        });
        s.members.insert(7, 1);
        let t = SchemeText::of(&s);
        assert_eq!(t.zero_at["on_time_sign_for"], "80", "rates in percent");
        assert_eq!(t.full_at["return_rate"], "5");
        assert_eq!(t.parse(), Ok(s.clone()));
        // A KPI's weight emptied or 0: not scored; a group row without a name: dropped, its
        // departments back in the first group.
        let mut t2 = t.clone();
        t2.weight.insert("extension_rate".into(), "0".into());
        t2.group_name.insert("1".into(), " ".into());
        let p = t2.parse().unwrap();
        assert_eq!(p.curves.len(), s.curves.len() - 1);
        assert_eq!(p.groups.len(), 1);
        assert!(p.members.is_empty());
        // Bad text names its field.
        let mut t3 = t.clone();
        t3.floor.insert("satisfaction".into(), "五".into());
        assert_eq!(
            t3.parse(),
            Err(("satisfaction".into(), FieldProblem::BadNumber))
        );
        let mut t4 = t.clone();
        t4.group_full.insert("1".into(), String::new());
        assert_eq!(t4.parse(), Err(("group_1".into(), FieldProblem::Required)));
        let mut t5 = t;
        t5.black_size = "2.5".into();
        assert_eq!(
            t5.parse(),
            Err(("black_size".into(), FieldProblem::BadNumber))
        );
    }
}
