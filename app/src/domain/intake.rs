//! What makes an intake acceptable: phone and ID formats, lengths, required script answers.
//! The same checks run in the browser (as the agent types) and on the server (always).
use super::account::FieldProblem;
use super::script::{Question, QuestionKind};
use serde::{Deserialize, Serialize};

pub const DESCRIPTION_MIN_CHARS: usize = 5;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const NAME_MAX_CHARS: usize = 40;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const REASON_MAX_CHARS: usize = 1000;
pub const ANSWER_MAX_CHARS: usize = 500;

/// Mainland mobile (`1[3-9]` + 9 digits) or landline (`0` + 2-3 digit area code + 7-8
/// digits, with or without a hyphen). Spaces are dropped. Returns the normalised number.
pub fn check_phone(phone: &str) -> Result<String, FieldProblem> {
    let p: String = phone.chars().filter(|c| !c.is_whitespace()).collect();
    if p.is_empty() {
        return Err(FieldProblem::Required);
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mobile = p.len() == 11
        && digits(&p)
        && p.starts_with('1')
        && (b'3'..=b'9').contains(&p.as_bytes()[1]);
    let landline = match p.split_once('-') {
        Some((area, local)) => {
            digits(area)
                && digits(local)
                && area.starts_with('0')
                && (3..=4).contains(&area.len())
                && (7..=8).contains(&local.len())
        }
        None => digits(&p) && p.starts_with('0') && (10..=12).contains(&p.len()),
    };
    if mobile || landline {
        Ok(p)
    } else {
        Err(FieldProblem::BadPhone)
    }
}

/// Resident ID numbers (GB 11643): 17 digits and a check character (digit or X), checked.
/// Empty is fine: the ID number is optional.
pub fn check_id_number(id: &str) -> Result<String, FieldProblem> {
    let id = id.trim().to_uppercase();
    if id.is_empty() {
        return Ok(id);
    }
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Err(FieldProblem::BadIdNumber);
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    if bytes[17] == CHECK[(sum % 11) as usize] {
        Ok(id)
    } else {
        Err(FieldProblem::BadIdNumber)
    }
}

/// Trimmed text of `min..=max` characters (`min` 0 means optional).
pub fn check_text(text: &str, min: usize, max: usize) -> Result<String, FieldProblem> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 && min > 0 {
        Err(FieldProblem::Required)
    } else if n < min {
        Err(FieldProblem::TooShort)
    } else if n > max {
        Err(FieldProblem::TooLong)
    } else {
        Ok(t.to_owned())
    }
}

pub fn check_description(text: &str) -> Result<String, FieldProblem> {
    check_text(text, DESCRIPTION_MIN_CHARS, DESCRIPTION_MAX_CHARS)
}

pub fn check_caller_name(text: &str) -> Result<String, FieldProblem> {
    check_text(text, 1, NAME_MAX_CHARS)
}

pub fn check_address(text: &str) -> Result<String, FieldProblem> {
    check_text(text, 0, ADDRESS_MAX_CHARS)
}

pub fn check_reason(text: &str) -> Result<String, FieldProblem> {
    check_text(text, 2, REASON_MAX_CHARS)
}

/// One answer of the inquiry script, as recorded on the ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

/// Checks the answer to one question; `Ok(None)` for an optional question left empty.
pub fn check_answer(q: &Question, raw: &str) -> Result<Option<String>, FieldProblem> {
    let a = raw.trim();
    if a.is_empty() {
        return if q.required {
            Err(FieldProblem::Required)
        } else {
            Ok(None)
        };
    }
    if a.chars().count() > ANSWER_MAX_CHARS {
        return Err(FieldProblem::TooLong);
    }
    match q.kind {
        QuestionKind::Text => {}
        QuestionKind::Choice => {
            if !q.choices.iter().any(|c| c == a) {
                return Err(FieldProblem::UnknownChoice);
            }
        }
        QuestionKind::Date => {
            if chrono::NaiveDate::parse_from_str(a, "%Y-%m-%d").is_err() {
                return Err(FieldProblem::BadDate);
            }
        }
        QuestionKind::Number => {
            if a.parse::<f64>().map(|n| !n.is_finite()).unwrap_or(true) {
                return Err(FieldProblem::BadNumber);
            }
        }
    }
    Ok(Some(a.to_owned()))
}

/// The form key of question `i` of a category's script (answers travel as
/// `answers[c12_q0]`, …): every category's questions can sit in one form without colliding.
pub fn answer_key(category_id: i64, i: usize) -> String {
    format!("c{category_id}_q{i}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(check_phone("138 1234 5678"), Ok("13812345678".into()));
        assert_eq!(check_phone("19912345678"), Ok("19912345678".into()));
        assert_eq!(check_phone("010-62345678"), Ok("010-62345678".into()));
        assert_eq!(check_phone("0755-8765432"), Ok("0755-8765432".into()));
        assert_eq!(check_phone("01062345678"), Ok("01062345678".into()));
        assert_eq!(check_phone(""), Err(FieldProblem::Required));
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "62345678",
            "10-62345678",
            "abc",
            "0755-12345",
        ] {
            assert_eq!(check_phone(bad), Err(FieldProblem::BadPhone), "{bad}");
        }
    }

    #[test]
    fn id_numbers() {
        assert_eq!(check_id_number(""), Ok(String::new()));
        assert_eq!(
            check_id_number("11010519491231002x"),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            check_id_number("110105194912310021"),
            Err(FieldProblem::BadIdNumber)
        );
        assert_eq!(
            check_id_number("1101051949123100"),
            Err(FieldProblem::BadIdNumber)
        );
    }

    #[test]
    fn texts() {
        assert_eq!(
            check_description("  噪音很大  "),
            Err(FieldProblem::TooShort)
        );
        assert_eq!(check_description("楼下施工噪音"), Ok("楼下施工噪音".into()));
        assert_eq!(check_description("吵"), Err(FieldProblem::TooShort));
        assert_eq!(check_description(" "), Err(FieldProblem::Required));
        assert_eq!(
            check_caller_name(&"名".repeat(41)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(check_address(""), Ok(String::new()));
    }

    #[test]
    fn answers_follow_the_question_kind() {
        let q = |kind, required| Question {
            prompt: "?".into(),
            kind,
            required,
            choices: vec!["施工".into(), "商业".into()],
        };
        assert_eq!(
            check_answer(&q(QuestionKind::Text, true), " "),
            Err(FieldProblem::Required)
        );
        assert_eq!(check_answer(&q(QuestionKind::Text, false), " "), Ok(None));
        assert_eq!(
            check_answer(&q(QuestionKind::Choice, true), "施工"),
            Ok(Some("施工".into()))
        );
        assert_eq!(
            check_answer(&q(QuestionKind::Choice, true), "别的"),
            Err(FieldProblem::UnknownChoice)
        );
        assert_eq!(
            check_answer(&q(QuestionKind::Date, true), "2026-11-02"),
            Ok(Some("2026-11-02".into()))
        );
        assert_eq!(
            check_answer(&q(QuestionKind::Date, true), "2026-13-02"),
            Err(FieldProblem::BadDate)
        );
        assert_eq!(
            check_answer(&q(QuestionKind::Number, true), "3.5"),
            Ok(Some("3.5".into()))
        );
        assert_eq!(
            check_answer(&q(QuestionKind::Number, true), "三"),
            Err(FieldProblem::BadNumber)
        );
    }
}
