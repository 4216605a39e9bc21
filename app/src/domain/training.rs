//! Training (培训) with exams (考核): a course for the management (管理层) or the front line
//! (一线), its materials, a question bank and the exam's rules. Attempts draw their questions
//! on the server and are scored there; a multiple-choice question counts only when every
//! option is right. A pass is valid for the course's period (a yearly course: 12 months),
//! after which the person is due again. The rules here are pure.
use super::account::FieldProblem;
use serde::{Deserialize, Serialize};

/// Who a course is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Management,
    FrontLine,
}

impl Tier {
    pub const ALL: [Tier; 2] = [Tier::Management, Tier::FrontLine];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Management => "management",
            Tier::FrontLine => "front_line",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
}

impl QuestionKind {
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true_false",
        }
    }
}

/// A question of the bank, with its answer (never sent to a browser before submission).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub prompt: String,
    /// The options (true/false: 对, 错).
    pub options: Vec<String>,
    /// The indices of the right options.
    pub answer: Vec<usize>,
}

/// A question as the exam shows it: no answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownQuestion {
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
}

impl Question {
    pub fn shown(&self) -> ShownQuestion {
        ShownQuestion {
            kind: self.kind,
            prompt: self.prompt.clone(),
            options: self.options.clone(),
        }
    }

    /// Right only when exactly the right options are chosen (all-or-nothing).
    pub fn is_right(&self, chosen: &[usize]) -> bool {
        let mut c = chosen.to_vec();
        c.sort_unstable();
        c.dedup();
        let mut a = self.answer.clone();
        a.sort_unstable();
        c == a
    }
}

/// Parses the question bank from its text form:
///
/// ```text
/// [single] 签收时限从何时起算？
/// - 登记时
/// + 派单时
///
/// [multiple] 以下哪些属于个人信息？
/// + 手机号
/// + 身份证号
/// - 工单编号
///
/// [true_false] 受理员可以向无关人员透露来电人电话。
/// = false
/// ```
///
/// `+` marks a right option, `-` a wrong one; a true/false question gives `= true` or
/// `= false`. Errors name the (1-based) line.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, usize> {
    let mut out: Vec<Question> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let (kind, prompt) = rest.split_once(']').ok_or(n)?;
            let kind = match kind.trim() {
                "single" | "单选" => QuestionKind::Single,
                "multiple" | "多选" => QuestionKind::Multiple,
                "true_false" | "判断" => QuestionKind::TrueFalse,
                _ => return Err(n),
            };
            let prompt = prompt.trim();
            if prompt.is_empty() {
                return Err(n);
            }
            if let Some(last) = out.last() {
                check_question(last).map_err(|_| n - 1)?;
            }
            let options = if kind == QuestionKind::TrueFalse {
                vec!["对".to_owned(), "错".to_owned()]
            } else {
                Vec::new()
            };
            out.push(Question {
                kind,
                prompt: prompt.to_owned(),
                options,
                answer: Vec::new(),
            });
            continue;
        }
        let q = out.last_mut().ok_or(n)?;
        match (q.kind, line.chars().next()) {
            (QuestionKind::TrueFalse, Some('=')) => {
                let v = line[1..].trim();
                q.answer = match v {
                    "true" | "对" | "正确" => vec![0],
                    "false" | "错" | "错误" => vec![1],
                    _ => return Err(n),
                };
            }
            (QuestionKind::TrueFalse, _) => return Err(n),
            (_, Some(mark @ ('+' | '-'))) => {
                let option = line[1..].trim();
                if option.is_empty() {
                    return Err(n);
                }
                if mark == '+' {
                    q.answer.push(q.options.len());
                }
                q.options.push(option.to_owned());
            }
            _ => return Err(n),
        }
    }
    if let Some(last) = out.last() {
        check_question(last).map_err(|_| text.lines().count())?;
    }
    Ok(out)
}

/// The text form of a bank (what `parse_questions` reads back).
pub fn format_questions(questions: &[Question]) -> String {
    let mut out = String::new();
    for q in questions {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[{}] {}\n", q.kind.code(), q.prompt));
        if q.kind == QuestionKind::TrueFalse {
            let v = if q.answer == [0] { "true" } else { "false" };
            out.push_str(&format!("= {v}\n"));
        } else {
            for (i, o) in q.options.iter().enumerate() {
                let mark = if q.answer.contains(&i) { '+' } else { '-' };
                out.push_str(&format!("{mark} {o}\n"));
            }
        }
    }
    out
}

/// A single choice has one right option of at least two; a multiple choice at least one
/// right option; a true/false question its answer.
fn check_question(q: &Question) -> Result<(), ()> {
    let ok = match q.kind {
        QuestionKind::Single => q.options.len() >= 2 && q.answer.len() == 1,
        QuestionKind::Multiple => q.options.len() >= 2 && !q.answer.is_empty(),
        QuestionKind::TrueFalse => q.answer.len() == 1,
    };
    if ok {
        Ok(())
    } else {
        Err(())
    }
}

/// The exam's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamRules {
    /// Questions drawn per attempt (at most the bank's size).
    pub questions: usize,
    /// The pass mark in percent.
    pub pass_mark: u32,
    /// Attempts allowed per period of validity (0: no limit).
    pub max_attempts: u32,
    /// Minutes to answer (None: no limit).
    pub time_limit_minutes: Option<u32>,
}

/// Checks the rules against the bank: the field that is wrong.
pub fn check_rules(r: &ExamRules, bank: usize) -> Result<(), (&'static str, FieldProblem)> {
    if bank == 0 {
        return Err(("questions_text", FieldProblem::Required));
    }
    if r.questions == 0 || r.questions > bank {
        return Err(("questions_per_attempt", FieldProblem::BadNumber));
    }
    if !(1..=100).contains(&r.pass_mark) {
        return Err(("pass_mark", FieldProblem::BadNumber));
    }
    if r.max_attempts > 20 {
        return Err(("max_attempts", FieldProblem::BadNumber));
    }
    if r.time_limit_minutes
        .is_some_and(|m| !(1..=240).contains(&m))
    {
        return Err(("time_limit_minutes", FieldProblem::BadNumber));
    }
    Ok(())
}

/// Draws `n` of the bank's questions (by index) with the random numbers `pick` gives (a
/// value below its argument): a partial Fisher-Yates shuffle, so each is drawn at most once.
pub fn draw(bank: usize, n: usize, mut pick: impl FnMut(usize) -> usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..bank).collect();
    let n = n.min(bank);
    for i in 0..n {
        let j = i + pick(bank - i);
        all.swap(i, j);
    }
    all.truncate(n);
    all
}

/// An attempt's score in percent (rounded down) and whether it passed.
pub fn score(questions: &[&Question], chosen: &[Vec<usize>], pass_mark: u32) -> (u32, bool) {
    if questions.is_empty() {
        return (0, false);
    }
    let right = questions
        .iter()
        .enumerate()
        .filter(|(i, q)| q.is_right(chosen.get(*i).map(Vec::as_slice).unwrap_or(&[])))
        .count();
    let pct = (right * 100 / questions.len()) as u32;
    (pct, pct >= pass_mark)
}

/// Whether another attempt may start: the attempts counted are those since the person's
/// last pass lapsed (all of them when they never passed).
pub fn may_attempt(rules: &ExamRules, attempts_since_lapse: u32) -> bool {
    rules.max_attempts == 0 || attempts_since_lapse < rules.max_attempts
}

/// Whether a submission came in time (a minute's grace for the network).
pub fn in_time(rules: &ExamRules, started_at: i64, submitted_at: i64) -> bool {
    match rules.time_limit_minutes {
        None => true,
        Some(m) => submitted_at - started_at <= (i64::from(m) + 1) * 60_000,
    }
}

/// A person's standing in a course at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Passed, and the pass is still valid.
    Done,
    /// To do, before the due time.
    Due,
    /// To do, and the due time has passed.
    Overdue,
}

/// When a pass lapses: `valid_months` after it (0: never).
pub fn lapses_at(passed_at: i64, valid_months: u32) -> Option<i64> {
    if valid_months == 0 {
        return None;
    }
    let t = chrono::DateTime::from_timestamp_millis(passed_at)?;
    let later = t.checked_add_months(chrono::Months::new(valid_months))?;
    Some(later.timestamp_millis())
}

/// A person's standing: done while their last pass is valid; otherwise due by the course's
/// due time, or (once a pass has lapsed) by the lapse — overdue after it.
pub fn standing(
    last_pass: Option<i64>,
    valid_months: u32,
    course_due: Option<i64>,
    now: i64,
) -> Standing {
    let due = match last_pass {
        Some(p) => match lapses_at(p, valid_months) {
            None => return Standing::Done,
            Some(l) if l > now => return Standing::Done,
            Some(l) => Some(l),
        },
        None => course_due,
    };
    match due {
        Some(d) if now > d => Standing::Overdue,
        _ => Standing::Due,
    }
}

/// The start of the counting of attempts: when the last pass lapsed (0: never passed).
pub fn attempts_counted_from(last_pass: Option<i64>, valid_months: u32) -> i64 {
    last_pass
        .and_then(|p| lapses_at(p, valid_months))
        .unwrap_or(0)
}

/// The course's materials: its pages (a line `---` between two).
pub fn pages(materials: &str) -> Vec<String> {
    materials
        .split("\n---\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The report's training section: exams submitted and passed within the day or period, and
/// how many of the people due a course had a valid pass at its end.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingFigures {
    pub exams: i64,
    pub exams_passed: i64,
    /// `exams_passed ÷ exams` (None when there were none).
    pub pass_rate: Option<f64>,
    /// At the end: one per person and course whose audience they are in; of them passed.
    pub due: i64,
    pub completed: i64,
    pub completion_rate: Option<f64>,
}

/// The rates of figures whose counts are filled in.
pub fn with_rates(mut f: TrainingFigures) -> TrainingFigures {
    let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
    f.pass_rate = ratio(f.exams_passed, f.exams);
    f.completion_rate = ratio(f.completed, f.due);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = "[single] 签收时限从何时起算？\n- 登记时\n+ 派单时\n- 回访时\n\n\
        [multiple] 以下哪些属于个人信息？\n+ 手机号\n+ 身份证号\n- 工单编号\n\n\
        [true_false] 受理员可以向无关人员透露来电人电话。\n= false\n";

    #[test]
    fn the_bank_reads_and_writes_back() {
        let qs = parse_questions(BANK).unwrap();
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[0].answer, vec![1]);
        assert_eq!(qs[1].answer, vec![0, 1]);
        assert_eq!((qs[2].options.len(), qs[2].answer.clone()), (2, vec![1]));
        assert_eq!(parse_questions(&format_questions(&qs)).unwrap(), qs);
        // A single choice with two right options; an option before any question; a
        // true/false without its answer: each names its line.
        assert_eq!(
            parse_questions("[single] 题\n+ a\n+ b\n[single] 下一题\n+ a\n- b"),
            Err(3)
        );
        assert_eq!(parse_questions("+ a"), Err(1));
        assert_eq!(parse_questions("[true_false] 题"), Err(1));
        assert_eq!(parse_questions("[essay] 题"), Err(1));
        assert!(parse_questions("").unwrap().is_empty());
    }

    #[test]
    fn multiple_choice_is_all_or_nothing() {
        let qs = parse_questions(BANK).unwrap();
        let refs: Vec<&Question> = qs.iter().collect();
        assert!(qs[1].is_right(&[1, 0]));
        assert!(!qs[1].is_right(&[0]), "half right is wrong");
        assert!(!qs[1].is_right(&[0, 1, 2]), "one too many is wrong");
        assert_eq!(
            score(&refs, &[vec![1], vec![0, 1], vec![1]], 60),
            (100, true)
        );
        assert_eq!(score(&refs, &[vec![1], vec![0], vec![1]], 60), (66, true));
        assert_eq!(score(&refs, &[vec![0], vec![0], vec![1]], 60), (33, false));
        assert_eq!(score(&refs, &[], 60), (0, false), "unanswered");
    }

    #[test]
    fn draws_are_distinct_and_bounded() {
        let mut seq = [2usize, 0, 1].into_iter().cycle();
        let d = draw(5, 3, |below| seq.next().unwrap() % below);
        assert_eq!(d.len(), 3);
        let mut s = d.clone();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 3);
        assert!(d.iter().all(|i| *i < 5));
        assert_eq!(draw(2, 5, |_| 0).len(), 2);
    }

    #[test]
    fn attempts_are_limited_and_timed() {
        let rules = ExamRules {
            questions: 3,
            pass_mark: 60,
            max_attempts: 2,
            time_limit_minutes: Some(10),
        };
        assert!(may_attempt(&rules, 1));
        assert!(!may_attempt(&rules, 2));
        assert!(may_attempt(
            &ExamRules {
                max_attempts: 0,
                ..rules
            },
            99
        ));
        assert!(in_time(&rules, 0, 11 * 60_000));
        assert!(!in_time(&rules, 0, 11 * 60_000 + 1));
        assert_eq!(check_rules(&rules, 3), Ok(()));
        assert_eq!(
            check_rules(&rules, 2),
            Err(("questions_per_attempt", FieldProblem::BadNumber))
        );
        assert_eq!(
            check_rules(
                &ExamRules {
                    pass_mark: 0,
                    ..rules
                },
                3
            ),
            Err(("pass_mark", FieldProblem::BadNumber))
        );
    }

    #[test]
    fn a_yearly_pass_lapses_and_the_person_is_due_again() {
        let day = 86_400_000;
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        let lapse = lapses_at(jan1, 12).unwrap();
        assert_eq!(lapse - jan1, 365 * day);
        assert_eq!(standing(Some(jan1), 12, None, jan1 + day), Standing::Done);
        assert_eq!(standing(Some(jan1), 12, None, lapse + 1), Standing::Overdue);
        assert_eq!(
            standing(Some(jan1), 0, None, lapse + 1),
            Standing::Done,
            "once"
        );
        assert_eq!(standing(None, 12, Some(jan1), jan1 - 1), Standing::Due);
        assert_eq!(standing(None, 12, Some(jan1), jan1 + 1), Standing::Overdue);
        assert_eq!(standing(None, 12, None, jan1), Standing::Due);
        assert_eq!(attempts_counted_from(Some(jan1), 12), lapse);
        assert_eq!(attempts_counted_from(None, 12), 0);
    }

    #[test]
    fn materials_split_into_pages() {
        assert_eq!(
            pages("# 一\n正文\n---\n# 二\n\n---\n"),
            vec!["# 一\n正文", "# 二"]
        );
    }

    #[test]
    fn rates_are_null_without_a_denominator() {
        let f = with_rates(TrainingFigures {
            exams: 4,
            exams_passed: 3,
            due: 0,
            ..Default::default()
        });
        assert_eq!((f.pass_rate, f.completion_rate), (Some(0.75), None));
    }
}
