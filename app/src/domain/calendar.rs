//! The working calendar (工作日历): working hours, weekends, holidays and make-up working days
//! (调休). Deadlines count working time on it, in the desk's local time zone.
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off that would otherwise be a working day.
    Holiday,
    /// A make-up working day on a weekend.
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    pub fn parse(code: &str) -> Option<DayKind> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingCalendar {
    /// Minutes after local midnight when work starts and ends (e.g. 540 and 1080).
    pub day_start_minute: u32,
    pub day_end_minute: u32,
    /// ISO weekday numbers (1 = Monday … 7 = Sunday) that are off unless made up.
    pub weekend: Vec<u32>,
    pub special_days: BTreeMap<NaiveDate, DayKind>,
}

impl Default for WorkingCalendar {
    fn default() -> Self {
        WorkingCalendar {
            day_start_minute: 9 * 60,
            day_end_minute: 18 * 60,
            weekend: vec![6, 7],
            special_days: BTreeMap::new(),
        }
    }
}

/// More than ten years without a working day means the calendar is broken; stop looking.
const MAX_DAYS_SCANNED: i64 = 3660;

impl WorkingCalendar {
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.special_days.get(&day) {
            Some(DayKind::Workday) => true,
            Some(DayKind::Holiday) => false,
            None => !self.weekend.contains(&day.weekday().number_from_monday()),
        }
    }

    /// The `n`-th working day after `day` (a calendar without working days: `n` calendar
    /// days after it).
    pub fn working_days_after(&self, day: NaiveDate, n: u64) -> NaiveDate {
        let nth = usize::try_from(n.max(1) - 1).unwrap_or(usize::MAX);
        day.iter_days()
            .skip(1)
            .take(366)
            .filter(|d| self.is_working_day(*d))
            .nth(nth)
            .unwrap_or(day + chrono::Days::new(n))
    }

    /// How many working days come after `from` up to and including `to` (how far a
    /// deadline moves when it goes from the one day to the other); 0 when `to` is not later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .take(MAX_DAYS_SCANNED as usize)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }

    pub fn working_minutes_per_day(&self) -> i64 {
        i64::from(self.day_end_minute.saturating_sub(self.day_start_minute))
    }

    fn at(day: NaiveDate, minute: u32) -> NaiveDateTime {
        day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
    }

    /// The instant `minutes` of working time after `start`. Time outside working hours does
    /// not count; a start outside them counts from the next opening.
    pub fn add_working_minutes<Tz: TimeZone>(
        &self,
        start: DateTime<Utc>,
        minutes: i64,
        tz: &Tz,
    ) -> DateTime<Utc> {
        let per_day = self.working_minutes_per_day();
        if per_day <= 0 || minutes <= 0 {
            return start;
        }
        let mut left = minutes;
        // Deadlines are kept to the minute: seconds of the start do not count.
        let local = start.with_timezone(tz).naive_local();
        let mut now = local
            .date()
            .and_hms_opt(local.hour(), local.minute(), 0)
            .unwrap_or(local);
        for _ in 0..MAX_DAYS_SCANNED {
            let day = now.date();
            let open = Self::at(day, self.day_start_minute);
            let close = Self::at(day, self.day_end_minute);
            if self.is_working_day(day) && now < close {
                let from = now.max(open);
                let available = (close - from).num_minutes();
                if left <= available {
                    return to_utc(tz, from + Duration::minutes(left));
                }
                left -= available;
            }
            now = (day + Duration::days(1)).and_time(NaiveTime::MIN);
        }
        to_utc(tz, now)
    }

    pub fn add_working_hours<Tz: TimeZone>(
        &self,
        start: DateTime<Utc>,
        hours: i64,
        tz: &Tz,
    ) -> DateTime<Utc> {
        self.add_working_minutes(start, hours * 60, tz)
    }

    /// Working minutes between two instants (0 when `to` is not after `from`).
    pub fn working_minutes_between<Tz: TimeZone>(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: &Tz,
    ) -> i64 {
        if to <= from {
            return 0;
        }
        let (a, b) = (
            from.with_timezone(tz).naive_local(),
            to.with_timezone(tz).naive_local(),
        );
        let mut total = 0;
        let mut day = a.date();
        while day <= b.date() {
            if self.is_working_day(day) {
                let open = Self::at(day, self.day_start_minute).max(a);
                let close = Self::at(day, self.day_end_minute).min(b);
                if close > open {
                    total += (close - open).num_minutes();
                }
            }
            day += Duration::days(1);
        }
        total
    }
}

fn to_utc<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        // A local time skipped by a DST jump: an hour later exists.
        .unwrap_or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        })
}

/// "HH:MM" ⇄ minutes after midnight, for the settings form.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

pub fn format_clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }
    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        tz().with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }
    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    /// 2026 National Day: 1-7 October off, Saturday 10 October a make-up working day.
    fn national_day() -> WorkingCalendar {
        let mut c = WorkingCalendar::default();
        for d in 1..=7 {
            c.special_days.insert(date(2026, 10, d), DayKind::Holiday);
        }
        c.special_days.insert(date(2026, 10, 10), DayKind::Workday);
        c
    }

    #[test]
    fn within_one_working_day() {
        let c = WorkingCalendar::default();
        // Monday 2 November 2026, 10:00 + 2 h = 12:00
        assert_eq!(
            c.add_working_hours(local(2026, 11, 2, 10, 0), 2, &tz()),
            local(2026, 11, 2, 12, 0)
        );
    }

    #[test]
    fn spills_over_the_evening_and_the_weekend() {
        let c = WorkingCalendar::default();
        // Friday 6 Nov 17:00 + 2 h → Monday 9 Nov 10:00
        assert_eq!(
            c.add_working_hours(local(2026, 11, 6, 17, 0), 2, &tz()),
            local(2026, 11, 9, 10, 0)
        );
        // Saturday night counts from Monday's opening
        assert_eq!(
            c.add_working_hours(local(2026, 11, 7, 22, 0), 1, &tz()),
            local(2026, 11, 9, 10, 0)
        );
        // Before opening counts from opening
        assert_eq!(
            c.add_working_minutes(local(2026, 11, 2, 7, 0), 30, &tz()),
            local(2026, 11, 2, 9, 30)
        );
    }

    #[test]
    fn an_extension_is_measured_in_working_days() {
        let c = national_day();
        // Tue 29 Sept → Mon 12 Oct: 30 Sept, 8, 9, 10 (make-up), 12 Oct
        assert_eq!(
            c.working_days_between(date(2026, 9, 29), date(2026, 10, 12)),
            5
        );
        assert_eq!(
            c.working_days_between(date(2026, 10, 12), date(2026, 10, 12)),
            0
        );
        assert_eq!(
            c.working_days_between(date(2026, 10, 12), date(2026, 9, 1)),
            0
        );
        let plain = WorkingCalendar::default();
        // Fri 6 Nov → Fri 20 Nov: two working weeks
        assert_eq!(
            plain.working_days_between(date(2026, 11, 6), date(2026, 11, 20)),
            10
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        let c = national_day();
        assert!(!c.is_working_day(date(2026, 10, 5)));
        assert!(c.is_working_day(date(2026, 10, 10)), "Saturday make-up day");
        assert!(!c.is_working_day(date(2026, 10, 11)), "plain Sunday");
        // Wednesday 30 Sept 17:00 + 2 h: 1 h that day, then 1-7 Oct off, 8 Oct (Thu) 10:00
        assert_eq!(
            c.add_working_hours(local(2026, 9, 30, 17, 0), 2, &tz()),
            local(2026, 10, 8, 10, 0)
        );
        // Friday 9 Oct 17:00 + 3 h: 1 h Friday, Saturday make-up day 09:00-11:00
        assert_eq!(
            c.add_working_hours(local(2026, 10, 9, 17, 0), 3, &tz()),
            local(2026, 10, 10, 11, 0)
        );
    }

    #[test]
    fn a_working_day_later() {
        let c = national_day();
        let per_day = c.working_minutes_per_day();
        assert_eq!(per_day, 540);
        // Resolved Friday 9 Oct 15:00 → callback due Saturday (make-up) 15:00
        assert_eq!(
            c.add_working_minutes(local(2026, 10, 9, 15, 0), per_day, &tz()),
            local(2026, 10, 10, 15, 0)
        );
    }

    #[test]
    fn minutes_between_is_the_inverse() {
        let c = national_day();
        let start = local(2026, 9, 29, 11, 17);
        for hours in [1, 5, 9, 13, 40, 100] {
            let end = c.add_working_hours(start, hours, &tz());
            assert_eq!(
                c.working_minutes_between(start, end, &tz()),
                hours * 60,
                "{hours}"
            );
        }
        assert_eq!(c.working_minutes_between(start, start, &tz()), 0);
    }

    #[test]
    fn clock_text() {
        assert_eq!(parse_clock("09:00"), Some(540));
        assert_eq!(parse_clock("18:30"), Some(1110));
        assert_eq!(parse_clock("24:00"), None);
        assert_eq!(parse_clock("9"), None);
        assert_eq!(format_clock(540), "09:00");
    }
}
