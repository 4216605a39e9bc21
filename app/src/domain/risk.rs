//! The risk list's rules (风险清单, policy arts. 17, 18, 20): types, the conduct a risk
//! relates to, likelihood × impact ratings graded by the configurable matrix, treatment,
//! the status a risk moves through, controls, and the next review date set by the grade.
use super::account::FieldProblem;
use super::roles::Role;
use super::workflow::Actor;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),*
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}
pub(crate) use coded;

coded!(
    /// 风险类型 (policy art. 4).
    RiskType {
        Compliance = "compliance",
        Operational = "operational",
        InfoSecurity = "info_security",
        ServiceQuality = "service_quality",
    }
);

coded!(
    /// The forbidden conduct of art. 18 a risk relates to, if any.
    Conduct {
        None = "none",
        AbuseOfRights = "abuse_of_rights",
        PrivacyLeak = "privacy_leak",
        Stalling = "stalling",
        ForgedRecords = "forged_records",
        ImproperBenefits = "improper_benefits",
    }
);

coded!(
    /// 风险等级, lowest first.
    Grade {
        Low = "low",
        General = "general",
        Significant = "significant",
        Major = "major",
    }
);

coded!(
    /// How the risk is answered. Accepting needs an approver and an expiry.
    Treatment {
        Mitigate = "mitigate",
        Accept = "accept",
        Avoid = "avoid",
        Transfer = "transfer",
    }
);

coded!(
    /// identified → assessed → treated → closed, and reopened (then assessed again).
    RiskStatus {
        Identified = "identified",
        Assessed = "assessed",
        Treated = "treated",
        Closed = "closed",
        Reopened = "reopened",
    }
);

impl RiskStatus {
    /// The statuses a risk in this one may be moved to by hand.
    pub fn next(self) -> &'static [RiskStatus] {
        use RiskStatus::*;
        match self {
            Identified | Reopened => &[Assessed],
            Assessed => &[Treated, Closed],
            Treated => &[Assessed, Closed],
            Closed => &[Reopened],
        }
    }

    pub fn can_move_to(self, to: RiskStatus) -> bool {
        self.next().contains(&to)
    }

    pub fn is_open(self) -> bool {
        self != RiskStatus::Closed
    }
}

/// Likelihood and impact, each 1-5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub likelihood: u8,
    pub impact: u8,
}

impl Rating {
    pub fn new(likelihood: i64, impact: i64) -> Result<Rating, (&'static str, FieldProblem)> {
        let one = |v: i64, field| {
            u8::try_from(v)
                .ok()
                .filter(|v| (1..=5).contains(v))
                .ok_or((field, FieldProblem::BadNumber))
        };
        Ok(Rating {
            likelihood: one(likelihood, "likelihood")?,
            impact: one(impact, "impact")?,
        })
    }

    pub fn score(self) -> u8 {
        self.likelihood * self.impact
    }
}

/// The grading matrix: the lowest score of each grade above low. Default 1-4 low, 5-9
/// general, 10-16 significant, 20-25 major (no product of 1-5 falls in 17-19).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeMatrix {
    pub general_from: u8,
    pub significant_from: u8,
    pub major_from: u8,
}

impl Default for GradeMatrix {
    fn default() -> Self {
        GradeMatrix {
            general_from: 5,
            significant_from: 10,
            major_from: 20,
        }
    }
}

impl GradeMatrix {
    /// Thresholds must rise strictly, within 2..=25, so each grade has some scores.
    pub fn new(
        general: i64,
        significant: i64,
        major: i64,
    ) -> Result<GradeMatrix, (&'static str, FieldProblem)> {
        let (g, s, m) = (general, significant, major);
        if !(2..=25).contains(&g) {
            return Err(("general_from", FieldProblem::BadNumber));
        }
        if !(2..=25).contains(&s) || s <= g {
            return Err(("significant_from", FieldProblem::BadNumber));
        }
        if !(2..=25).contains(&m) || m <= s {
            return Err(("major_from", FieldProblem::BadNumber));
        }
        Ok(GradeMatrix {
            general_from: g as u8,
            significant_from: s as u8,
            major_from: m as u8,
        })
    }

    pub fn grade(&self, r: Rating) -> Grade {
        let s = r.score();
        if s >= self.major_from {
            Grade::Major
        } else if s >= self.significant_from {
            Grade::Significant
        } else if s >= self.general_from {
            Grade::General
        } else {
            Grade::Low
        }
    }
}

/// Days between reviews by grade: low, general, significant, major.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewIntervals(pub [u16; 4]);

impl Default for ReviewIntervals {
    fn default() -> Self {
        ReviewIntervals([360, 180, 90, 90])
    }
}

impl ReviewIntervals {
    pub fn new(days: [i64; 4]) -> Result<ReviewIntervals, (&'static str, FieldProblem)> {
        const FIELDS: [&str; 4] = [
            "review_low",
            "review_general",
            "review_significant",
            "review_major",
        ];
        let mut out = [0u16; 4];
        for (i, d) in days.into_iter().enumerate() {
            out[i] = u16::try_from(d)
                .ok()
                .filter(|d| (7..=1095).contains(d))
                .ok_or((FIELDS[i], FieldProblem::BadNumber))?;
        }
        Ok(ReviewIntervals(out))
    }

    pub fn days(&self, grade: Grade) -> u16 {
        self.0[grade as usize]
    }

    /// The next review after an assessment on `from`, by the residual grade.
    pub fn next_review(&self, grade: Grade, from: NaiveDate) -> NaiveDate {
        from.checked_add_days(Days::new(u64::from(self.days(grade))))
            .unwrap_or(from)
    }
}

/// An open risk whose review date has come is due for review (closed risks are not).
pub fn review_due(next_review: NaiveDate, today: NaiveDate, status: RiskStatus) -> bool {
    status.is_open() && next_review <= today
}

/// The matrix and the review intervals, as an admin set them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskSettings {
    pub matrix: GradeMatrix,
    pub review: ReviewIntervals,
}

/// A residual rating above the inherent one needs a written reason.
pub fn check_residual(
    inherent: Rating,
    residual: Rating,
    justification: &str,
) -> Result<(), FieldProblem> {
    if residual.score() > inherent.score() && justification.trim().is_empty() {
        Err(FieldProblem::Required)
    } else {
        Ok(())
    }
}

/// One control (管控措施): what is done, by whom, how often. Ordered in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    pub what: String,
    pub who: String,
    pub how_often: String,
}

/// Controls as typed in the form: one per line, `what | who | how often` (the last two may
/// be left out). Blank lines are skipped; at most 20 controls of 200 characters a part.
pub fn parse_controls(text: &str) -> Result<Vec<Control>, FieldProblem> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split(['|', '｜']).map(str::trim);
        let what = parts.next().unwrap_or_default();
        let who = parts.next().unwrap_or_default();
        let how_often = parts.next().unwrap_or_default();
        if what.is_empty() || parts.next().is_some() {
            return Err(FieldProblem::BadFormat);
        }
        if [what, who, how_often]
            .iter()
            .any(|p| p.chars().count() > 200)
        {
            return Err(FieldProblem::TooLong);
        }
        out.push(Control {
            what: what.to_owned(),
            who: who.to_owned(),
            how_often: how_often.to_owned(),
        });
    }
    if out.len() > 20 {
        return Err(FieldProblem::TooLong);
    }
    Ok(out)
}

pub fn format_controls(controls: &[Control]) -> String {
    controls
        .iter()
        .map(|c| format!("{} | {} | {}", c.what, c.who, c.how_often))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Risk codes: 2-20 upper-case letters, digits and `-`, e.g. `R-PRIV-01`.
pub fn check_code(code: &str) -> Result<String, FieldProblem> {
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return Err(FieldProblem::Required);
    }
    if code.len() < 2 || code.len() > 20 {
        return Err(if code.len() < 2 {
            FieldProblem::TooShort
        } else {
            FieldProblem::TooLong
        });
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(FieldProblem::BadFormat);
    }
    Ok(code)
}

/// Who sees a risk: compliance and supervisors all of them; a department lead the risks
/// owned by their department or one below it; anyone the risks they own. Others get 404.
pub fn can_view_risk(actor: &Actor, department_id: i64, owner_id: i64) -> bool {
    actor.sees_all()
        || actor.id == owner_id
        || (actor.roles.contains(&Role::DeptLead) && actor.departments.contains(&department_id))
}

/// Compliance (the lead department of the policy) keeps the list: records, edits, moves.
pub fn manages_risks(roles: &[Role]) -> bool {
    roles.contains(&Role::Compliance)
}

/// A risk's counts in a 5×5 heat map: `cells[likelihood - 1][impact - 1]`.
pub fn heat_map(ratings: impl IntoIterator<Item = Rating>) -> [[u32; 5]; 5] {
    let mut cells = [[0u32; 5]; 5];
    for r in ratings {
        cells[usize::from(r.likelihood - 1)][usize::from(r.impact - 1)] += 1;
    }
    cells
}

/// One changed fact of a risk, for its history (values as shown, already plain text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// What changed between two versions of a risk's facts, field by field in a fixed order.
pub fn changes(before: &[(&str, String)], after: &[(&str, String)]) -> Vec<FieldChange> {
    before
        .iter()
        .zip(after)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, from), (_, to))| FieldChange {
            field: (*field).to_owned(),
            from: from.clone(),
            to: to.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(l: i64, i: i64) -> Rating {
        Rating::new(l, i).unwrap()
    }

    #[test]
    fn the_default_matrix_grades_at_its_boundaries() {
        let m = GradeMatrix::default();
        assert_eq!(m.grade(r(1, 1)), Grade::Low);
        assert_eq!(m.grade(r(2, 2)), Grade::Low); // 4
        assert_eq!(m.grade(r(1, 5)), Grade::General); // 5
        assert_eq!(m.grade(r(3, 3)), Grade::General); // 9
        assert_eq!(m.grade(r(2, 5)), Grade::Significant); // 10
        assert_eq!(m.grade(r(4, 4)), Grade::Significant); // 16
        assert_eq!(m.grade(r(4, 5)), Grade::Major); // 20
        assert_eq!(m.grade(r(5, 5)), Grade::Major); // 25
    }

    #[test]
    fn an_edited_matrix_moves_the_boundaries() {
        let m = GradeMatrix::new(3, 8, 15).unwrap();
        assert_eq!(m.grade(r(1, 2)), Grade::Low);
        assert_eq!(m.grade(r(1, 3)), Grade::General);
        assert_eq!(m.grade(r(2, 4)), Grade::Significant);
        assert_eq!(m.grade(r(3, 5)), Grade::Major);
    }

    #[test]
    fn a_matrix_must_rise() {
        assert_eq!(GradeMatrix::new(1, 10, 20).unwrap_err().0, "general_from");
        assert_eq!(
            GradeMatrix::new(5, 5, 20).unwrap_err().0,
            "significant_from"
        );
        assert_eq!(GradeMatrix::new(5, 10, 10).unwrap_err().0, "major_from");
        assert_eq!(GradeMatrix::new(5, 10, 26).unwrap_err().0, "major_from");
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(Rating::new(1, 5).is_ok());
        assert_eq!(Rating::new(6, 3).unwrap_err().0, "likelihood");
        assert_eq!(Rating::new(0, 3).unwrap_err().0, "likelihood");
        assert_eq!(Rating::new(3, 6).unwrap_err().0, "impact");
        assert_eq!(Rating::new(3, -1).unwrap_err().0, "impact");
    }

    #[test]
    fn residual_above_inherent_needs_a_reason() {
        assert!(check_residual(r(3, 3), r(2, 3), "").is_ok());
        assert!(check_residual(r(3, 3), r(3, 3), "").is_ok());
        assert_eq!(
            check_residual(r(3, 3), r(4, 3), " "),
            Err(FieldProblem::Required)
        );
        assert!(check_residual(r(3, 3), r(4, 3), "新系统上线，控制尚未生效").is_ok());
    }

    #[test]
    fn the_next_review_follows_the_grade() {
        let iv = ReviewIntervals::default();
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            iv.next_review(Grade::Major, d),
            NaiveDate::from_ymd_opt(2027, 3, 4).unwrap()
        );
        assert_eq!(
            iv.next_review(Grade::Significant, d),
            NaiveDate::from_ymd_opt(2027, 3, 4).unwrap()
        );
        assert_eq!(
            iv.next_review(Grade::General, d),
            NaiveDate::from_ymd_opt(2027, 6, 2).unwrap()
        );
        assert_eq!(
            iv.next_review(Grade::Low, d),
            NaiveDate::from_ymd_opt(2027, 11, 29).unwrap()
        );
        assert_eq!(
            ReviewIntervals::new([360, 180, 90, 3]).unwrap_err().0,
            "review_major"
        );
    }

    #[test]
    fn a_review_is_due_on_its_date_for_open_risks_only() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let next = d.succ_opt().unwrap();
        assert!(!review_due(next, d, RiskStatus::Treated), "tomorrow");
        assert!(review_due(d, d, RiskStatus::Treated), "today");
        assert!(
            review_due(d.pred_opt().unwrap(), d, RiskStatus::Identified),
            "overdue"
        );
        assert!(
            !review_due(d, d, RiskStatus::Closed),
            "closed risks wait for reopening"
        );
    }

    #[test]
    fn status_moves_only_along_the_lifecycle() {
        use RiskStatus::*;
        assert!(Identified.can_move_to(Assessed));
        assert!(!Identified.can_move_to(Treated));
        assert!(!Identified.can_move_to(Closed));
        assert!(Assessed.can_move_to(Treated));
        assert!(Treated.can_move_to(Closed));
        assert!(Closed.can_move_to(Reopened));
        assert!(!Closed.can_move_to(Assessed));
        assert!(Reopened.can_move_to(Assessed));
        for s in RiskStatus::ALL {
            assert!(!s.can_move_to(*s), "{s:?} to itself");
        }
    }

    #[test]
    fn controls_parse_one_per_line_and_round_trip() {
        let c =
            parse_controls("双人复核 | 科长 | 每周\n\n 抽查通话录音｜质检组\n月度通报").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].who, "质检组");
        assert_eq!(c[1].how_often, "");
        assert_eq!(c[2].what, "月度通报");
        assert_eq!(parse_controls(&format_controls(&c)).unwrap(), c);
        assert_eq!(parse_controls("a|b|c|d"), Err(FieldProblem::BadFormat));
        assert_eq!(parse_controls(" | 科长"), Err(FieldProblem::BadFormat));
        assert_eq!(
            parse_controls(&"x\n".repeat(21)),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn codes_are_short_and_plain() {
        assert_eq!(check_code(" r-priv-01 ").unwrap(), "R-PRIV-01");
        assert_eq!(check_code(""), Err(FieldProblem::Required));
        assert_eq!(check_code("R"), Err(FieldProblem::TooShort));
        assert_eq!(check_code("R 01"), Err(FieldProblem::BadFormat));
        assert_eq!(check_code("风险"), Err(FieldProblem::BadFormat));
    }

    #[test]
    fn the_heat_map_counts_each_cell() {
        let cells = heat_map([r(1, 1), r(5, 4), r(5, 4)]);
        assert_eq!(cells[0][0], 1);
        assert_eq!(cells[4][3], 2);
        assert_eq!(cells.iter().flatten().sum::<u32>(), 3);
    }

    #[test]
    fn changes_list_only_what_differs() {
        let before = [("title", "a".to_owned()), ("owner", "张三".to_owned())];
        let after = [("title", "a".to_owned()), ("owner", "李四".to_owned())];
        let c = changes(&before, &after);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, "owner");
        assert_eq!((c[0].from.as_str(), c[0].to.as_str()), ("张三", "李四"));
    }

    #[test]
    fn each_role_sees_the_risks_it_should() {
        let actor = |roles: Vec<Role>| Actor {
            id: 7,
            roles,
            clearance: crate::domain::roles::Clearance::Public,
            departments: vec![3, 4],
        };
        // (department 3, owner 9): the lead of 3 sees it; a handler of 3 does not.
        assert!(can_view_risk(&actor(vec![Role::Compliance]), 9, 9));
        assert!(can_view_risk(&actor(vec![Role::Supervisor]), 9, 9));
        assert!(can_view_risk(&actor(vec![Role::DeptLead]), 3, 9));
        assert!(!can_view_risk(&actor(vec![Role::DeptLead]), 5, 9));
        assert!(!can_view_risk(&actor(vec![Role::Handler]), 3, 9));
        assert!(
            can_view_risk(&actor(vec![Role::Handler]), 5, 7),
            "the owner"
        );
        assert!(!can_view_risk(&actor(vec![Role::Admin, Role::Agent]), 3, 9));
        assert!(manages_risks(&[Role::Compliance]));
        assert!(!manages_risks(&[Role::Supervisor, Role::Admin]));
    }

    #[test]
    fn codes_round_trip() {
        for t in RiskType::ALL {
            assert_eq!(RiskType::parse(t.code()), Some(*t));
        }
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.code()), Some(*g));
        }
        assert_eq!(Conduct::parse("privacy_leak"), Some(Conduct::PrivacyLeak));
        assert_eq!(Treatment::parse("nope"), None);
    }
}
