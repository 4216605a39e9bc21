//! Inquiry scripts (标准问询话术) and reply templates (标准答复话术) of a category, and the
//! plain-text form admins edit them in.
//!
//! Script: one question per line, `[*]kind: prompt [| choice / choice …]`, where `*` marks
//! a required question and kind is text, choice, date or number.
//! Replies: blocks separated by a blank line; the first line of a block is its title.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Choice,
    Date,
    Number,
}

impl QuestionKind {
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Choice => "choice",
            QuestionKind::Date => "date",
            QuestionKind::Number => "number",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub prompt: String,
    pub kind: QuestionKind,
    pub required: bool,
    #[serde(default)]
    pub choices: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTemplate {
    pub title: String,
    pub body: String,
}

/// A script line that could not be read: its 1-based number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadLine(pub usize);

pub fn parse_script(text: &str) -> Result<Vec<Question>, BadLine> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = BadLine(i + 1);
        let (required, line) = match line.strip_prefix('*') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, line),
        };
        let (kind, rest) = line.split_once(':').ok_or(bad)?;
        let kind = match kind.trim() {
            "text" => QuestionKind::Text,
            "choice" => QuestionKind::Choice,
            "date" => QuestionKind::Date,
            "number" => QuestionKind::Number,
            _ => return Err(bad),
        };
        let (prompt, choices) = match rest.split_once('|') {
            Some((p, c)) => (
                p.trim(),
                c.split('/')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ),
            None => (rest.trim(), Vec::new()),
        };
        // Choice questions, and only they, list their choices.
        let choice_ok = (kind == QuestionKind::Choice) != choices.is_empty();
        if prompt.is_empty() || !choice_ok || prompt.chars().count() > 200 {
            return Err(bad);
        }
        out.push(Question {
            prompt: prompt.to_owned(),
            kind,
            required,
            choices,
        });
    }
    Ok(out)
}

pub fn format_script(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|q| {
            let star = if q.required { "*" } else { "" };
            let choices = if q.choices.is_empty() {
                String::new()
            } else {
                format!(" | {}", q.choices.join(" / "))
            };
            format!("{star}{}: {}{choices}", q.kind.code(), q.prompt)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn parse_replies(text: &str) -> Vec<ReplyTemplate> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .filter_map(|block| {
            let mut lines = block.trim().lines();
            let title = lines.next()?.trim().to_owned();
            let body = lines.collect::<Vec<_>>().join("\n").trim().to_owned();
            (!title.is_empty() && !body.is_empty()).then_some(ReplyTemplate { title, body })
        })
        .collect()
}

pub fn format_replies(replies: &[ReplyTemplate]) -> String {
    replies
        .iter()
        .map(|r| format!("{}\n{}", r.title, r.body))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_round_trip() {
        let text = "*choice: 噪音类型 | 施工 / 商业 / 生活\n\ntext: 持续多久\n*date: 开始日期\nnumber: 楼层";
        let qs = parse_script(text).unwrap();
        assert_eq!(qs.len(), 4);
        assert!(qs[0].required && qs[0].kind == QuestionKind::Choice);
        assert_eq!(qs[0].choices, vec!["施工", "商业", "生活"]);
        assert!(!qs[1].required);
        assert_eq!(parse_script(&format_script(&qs)).unwrap(), qs);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(parse_script("text: 好\nfoo: 坏"), Err(BadLine(2)));
        assert_eq!(parse_script("choice: 没有选项"), Err(BadLine(1)));
        assert_eq!(parse_script("text: 有选项 | a / b"), Err(BadLine(1)));
        assert_eq!(parse_script("*text:"), Err(BadLine(1)));
    }

    #[test]
    fn replies_are_blocks() {
        let r = parse_replies("已受理\n您好，您反映的问题已转交相关部门。\n\n已办结\n您好，\n问题已处理。\n\n孤立标题");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].body, "您好，\n问题已处理。");
        assert_eq!(parse_replies(&format_replies(&r)), r);
    }
}
