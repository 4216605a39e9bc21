//! Masking of personal data (phone and ID numbers, names in exports) for everything shown
//! by default.

/// Phone numbers keep the first three and last four digits: `138****5678`. Landlines keep
/// their area code and last four. Short values are masked entirely.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    let n = digits.len();
    if n < 8 {
        return "*".repeat(n.max(4));
    }
    let head = if digits[0] == '0' && phone.contains('-') {
        phone.split('-').next().map(str::len).unwrap_or(3).min(4)
    } else {
        3
    };
    let head: String = digits[..head].iter().collect();
    let tail: String = digits[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - head.len() - 4))
}

/// ID numbers keep the first four and last four characters: `1101**********1234`.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    if n <= 8 {
        return "*".repeat(n);
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 8))
}

/// Names keep their first character (the family name, usually): `王*`, `欧***`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(mask_name("王五"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("010-62345678"), "010****5678");
        assert_eq!(mask_phone("0755-8765432"), "0755***5432");
        assert_eq!(mask_phone("12345"), "*****");
        assert!(!mask_phone("13812345678").contains("1234"));
    }

    #[test]
    fn id_numbers() {
        assert_eq!(mask_id_number("110101199003071234"), "1101**********1234");
        assert_eq!(mask_id_number("11010119900307123X"), "1101**********123X");
        assert_eq!(mask_id_number(""), "");
    }
}
