//! Reading the three date and time forms the APIs and their headers use: an ISO 8601
//! date (`2025-10-01`), an ISO 8601 / RFC 3339 date-time with or without a UTC
//! offset (`2025-05-08T21:10:00.000+03:00`), and an RFC 2822 date, as HTTP sends
//! it (`Thu, 28 Oct 2021 01:29:40 GMT`).
//!
//! Written here, not taken from `jiff`, on purpose: jiff's parsers read far more
//! (time zone annotations, POSIX time zone rules, TZif data, the basic format) and
//! bring their error text along; they were 52 KB of the gzipped WebAssembly module,
//! 9% of it. [`crate::Timestamp`] still hands out `jiff` values, made from the parts
//! read here with jiff's constructors. The tests check these readers against jiff's
//! on the forms both read.

/// A date and time of day without a zone, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i16,
    pub month: i8,
    pub day: i8,
    pub hour: i8,
    pub minute: i8,
    /// 0-59 (a leap second, `:60`, reads as 59, as jiff reads it).
    pub second: i8,
    pub nanosecond: i32,
}

impl Civil {
    /// The start of a day.
    fn midnight((year, month, day): (i16, i8, i8)) -> Civil {
        Civil {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
        }
    }

    /// Seconds since 1970-01-01T00:00:00, taking the time as UTC.
    pub fn unix_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }
}

/// A date-time with its UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant {
    /// The date and time as written.
    pub civil: Civil,
    /// The offset from UTC in seconds (`Z`: 0, `+03:00`: 10,800).
    pub offset_seconds: i32,
}

impl Instant {
    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.civil.unix_seconds() - i64::from(self.offset_seconds)
    }
}

/// `yyyy-mm-dd`, a real day of the calendar, and nothing after it.
pub(crate) fn date(s: &str) -> Option<(i16, i8, i8)> {
    let mut r = Reader::new(s);
    let d = r.date(false)?;
    r.end()?;
    Some(d)
}

/// A date (midnight), or a date, `T` (or `t` or a space) and a time of day
/// (`hh`, `hh:mm`, `hh:mm:ss`, with a fraction of up to 9 digits after `.` or `,`).
/// ISO 8601's basic format (`20251001T1230`) is read too, as jiff reads it.
pub(crate) fn civil(s: &str) -> Option<Civil> {
    let mut r = Reader::new(s);
    let c = r.date_time(false)?;
    r.end()?;
    Some(c)
}

/// A date, a time of day and a UTC offset: `Z` (or `z`), `±hh`, `±hh:mm`, `±hhmm`
/// or `±hh:mm:ss`.
pub(crate) fn instant(s: &str) -> Option<Instant> {
    let mut r = Reader::new(s);
    let civil = r.date_time(true)?;
    let offset_seconds = if r.eat(b'Z') || r.eat(b'z') {
        0
    } else {
        let sign = r.sign()?;
        let h = r.digits(2)?;
        let (mut m, mut sec) = (0, 0);
        if r.eat(b':') {
            m = r.digits(2)?;
            if r.eat(b':') {
                sec = r.digits(2)?;
            }
        } else if let Some(v) = r.try_digits(2) {
            m = v;
        }
        if h > 25 || m > 59 || sec > 59 {
            return None;
        }
        sign * (h * 3_600 + m * 60 + sec)
    };
    r.end()?;
    Some(Instant {
        civil,
        offset_seconds,
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// An RFC 2822 date (as HTTP's `Retry-After` and `Date` send it): `[Thu, ]28 Oct
/// 2021 01:29:40 GMT`, seconds optional, the zone `GMT`, `UT`, `UTC`, `Z`, `±hhmm`
/// or a US zone (`EST` ... `PDT`), names in any case. A weekday that is not the
/// date's makes it unreadable, as in jiff. Seconds since the Unix epoch.
pub(crate) fn rfc2822(s: &str) -> Option<i64> {
    let mut words = s.split_ascii_whitespace().peekable();
    let first = words.peek()?;
    let mut weekday = None;
    if first.len() >= 4 && first.ends_with(',') {
        let name = first[..first.len() - 1].to_ascii_lowercase();
        weekday = Some(WEEKDAYS.iter().position(|w| *w == name)?);
        words.next();
    }
    let day: i8 = small_number(words.next()?, 2)?.try_into().ok()?;
    let month = words.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| *m == month)? as i8 + 1;
    let year = words.next()?;
    if year.len() != 4 {
        return None;
    }
    let year: i16 = small_number(year, 4)?.try_into().ok()?;
    let mut r = Reader::new(words.next()?);
    let mut c = Civil::midnight((year, month, day));
    c.hour = r.digits(2)? as i8;
    r.expect(b':')?;
    c.minute = r.digits(2)? as i8;
    if r.eat(b':') {
        c.second = r.digits(2)? as i8;
    }
    r.end()?;
    if !valid_day(year, month, day) || c.hour > 23 || c.minute > 59 || c.second > 60 {
        return None;
    }
    c.second = c.second.min(59);
    let zone = words.next()?;
    let hours = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => {
            let mut r = Reader::new(zone);
            let sign = r.sign()?;
            let (h, m) = (r.digits(2)?, r.digits(2)?);
            r.end()?;
            if m > 59 {
                return None;
            }
            return finish(c, weekday, sign * (h * 3_600 + m * 60), words.next());
        }
    };
    finish(c, weekday, hours * 3_600, words.next())
}

/// The end of [`rfc2822`]: nothing after the zone, and the weekday (if given) the
/// date's own.
fn finish(c: Civil, weekday: Option<usize>, offset: i32, rest: Option<&str>) -> Option<i64> {
    if rest.is_some() {
        return None;
    }
    let days = days_from_civil(c.year, c.month, c.day);
    // 1970-01-01 was a Thursday (index 3 from Monday).
    if weekday.is_some_and(|w| w as i64 != (days + 3).rem_euclid(7)) {
        return None;
    }
    Some(c.unix_seconds() - i64::from(offset))
}

/// All of `s`, 1 to `max` ASCII digits, as a number.
fn small_number(s: &str, max: usize) -> Option<i32> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn valid_day(year: i16, month: i8, day: i8) -> bool {
    let last = match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=last).contains(&day)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i16, month: i8, day: i8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A cursor over ASCII text.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(s: &'a str) -> Self {
        Reader {
            b: s.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.b.len()
    }

    fn end(&self) -> Option<()> {
        self.at_end().then_some(())
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.at) == Some(&c);
        self.at += usize::from(hit);
        hit
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }

    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<i32> {
        let end = self.at.checked_add(n)?;
        let run = self.b.get(self.at..end)?;
        let mut v = 0i32;
        for &d in run {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i32::from(d - b'0');
        }
        self.at = end;
        Some(v)
    }

    /// `n` digits if they are next, else nothing read.
    fn try_digits(&mut self, n: usize) -> Option<i32> {
        let at = self.at;
        let v = self.digits(n);
        if v.is_none() {
            self.at = at;
        }
        v
    }

    fn sign(&mut self) -> Option<i32> {
        if self.eat(b'+') {
            Some(1)
        } else if self.eat(b'-') {
            Some(-1)
        } else {
            None
        }
    }

    /// `yyyy-mm-dd` (or, with `basic`, `yyyymmdd` too), a real day.
    fn date(&mut self, basic: bool) -> Option<(i16, i8, i8)> {
        let year = self.digits(4)? as i16;
        let extended = self.eat(b'-');
        if !extended && !basic {
            return None;
        }
        let month = self.digits(2)? as i8;
        if extended {
            self.expect(b'-')?;
        }
        let day = self.digits(2)? as i8;
        valid_day(year, month, day).then_some((year, month, day))
    }

    /// A date, then `T` (or `t` or a space) and a time of day: required with
    /// `time`, else only when more text follows the date.
    fn date_time(&mut self, time: bool) -> Option<Civil> {
        let mut c = Civil::midnight(self.date(true)?);
        if time || !self.at_end() {
            self.separator()?;
            self.time(&mut c)?;
        }
        Some(c)
    }

    /// `T`, `t` or a space between a date and its time.
    fn separator(&mut self) -> Option<()> {
        (self.eat(b'T') || self.eat(b't') || self.eat(b' ')).then_some(())
    }

    /// `hh[:mm[:ss[(.|,)fraction]]]` (or the basic `hh[mm[ss[(.|,)fraction]]]`) into
    /// `c`.
    fn time(&mut self, c: &mut Civil) -> Option<()> {
        let hour = self.digits(2)?;
        let (mut minute, mut second, mut nanosecond) = (0, 0, 0);
        // The extended format puts `:` before the minutes and the seconds, the basic
        // format nothing; one time does not mix them.
        let extended = self.eat(b':');
        let minutes = if extended {
            Some(self.digits(2)?)
        } else {
            self.try_digits(2)
        };
        if let Some(m) = minutes {
            minute = m;
            let seconds = if !extended {
                self.try_digits(2)
            } else if self.eat(b':') {
                Some(self.digits(2)?)
            } else {
                None
            };
            if let Some(sec) = seconds {
                second = sec;
                if self.eat(b'.') || self.eat(b',') {
                    let start = self.at;
                    while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
                        self.at += 1;
                    }
                    let n = self.at - start;
                    if n == 0 || n > 9 {
                        return None;
                    }
                    self.at = start;
                    nanosecond = self.digits(n)? * 10i32.pow(9 - n as u32);
                }
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        c.hour = hour as i8;
        c.minute = minute as i8;
        c.second = second.min(59) as i8;
        c.nanosecond = nanosecond;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jiff_civil(s: &str) -> Option<Civil> {
        let dt: jiff::civil::DateTime = s.parse().ok().or_else(|| {
            s.parse::<jiff::civil::Date>()
                .ok()
                .map(|d| d.at(0, 0, 0, 0))
        })?;
        Some(Civil {
            year: dt.year(),
            month: dt.month(),
            day: dt.day(),
            hour: dt.hour(),
            minute: dt.minute(),
            second: dt.second(),
            nanosecond: dt.subsec_nanosecond(),
        })
    }

    #[test]
    fn dates() {
        assert_eq!(date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(date("0000-01-01"), Some((0, 1, 1)));
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-4-01",
            "24-04-01",
            "2024-04-01 ",
            "2024/04/01",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad:?}");
        }
        assert_eq!(date("2000-02-29"), Some((2000, 2, 29)));
    }

    #[test]
    fn civil_forms() {
        let c = civil("2025-10-01T12:30:15.25").unwrap();
        assert_eq!(
            (c.hour, c.minute, c.second, c.nanosecond),
            (12, 30, 15, 250_000_000)
        );
        assert_eq!(civil("2025-10-01").unwrap().hour, 0);
        assert_eq!(civil("2025-10-01 07:05").unwrap().minute, 5);
        assert_eq!(civil("2025-10-01t07").unwrap().hour, 7);
        assert_eq!(civil("2016-12-31T23:59:60").unwrap().second, 59);
        let basic = civil("20251001T123015.5").unwrap();
        assert_eq!(
            (
                basic.year,
                basic.month,
                basic.day,
                basic.hour,
                basic.minute,
                basic.second
            ),
            (2025, 10, 1, 12, 30, 15)
        );
        assert_eq!(civil("20251001"), civil("2025-10-01"));
        assert_eq!(date("20251001"), None, "a path's date is yyyy-mm-dd");
        for bad in [
            "2025-10-01T",
            "2025-10-01T24:00",
            "2025-10-01T12:60",
            "2025-10-01T12:00:00.",
            "2025-10-01T12:00:00.1234567890",
            "2025-1001",
            "202510-01",
            "2025-10-01T12:0030",
            "2025-10-01T1200:30",
            "2025-10-01X12:00",
            "2025-10-01T12:00Z",
            "next tuesday",
        ] {
            assert_eq!(civil(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants() {
        let i = instant("2025-05-08T21:10:00+03:00").unwrap();
        assert_eq!(i.offset_seconds, 10_800);
        assert_eq!(
            i.unix_seconds(),
            "2025-05-08T18:10:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_second()
        );
        for (s, off) in [
            ("2025-05-08T21:10:00-04:30", -16_200),
            ("2025-05-08T21:10:00-0430", -16_200),
            ("2025-05-08T21:10:00+03", 10_800),
            ("2025-05-08T21:10:00z", 0),
            ("2025-05-08 21:10Z", 0),
            ("2025-05-08T21:10:00+00:00:30", 30),
        ] {
            assert_eq!(instant(s).map(|i| i.offset_seconds), Some(off), "{s}");
        }
        for bad in [
            "2025-05-08T21:10:00",
            "2025-05-08T21:10:00GST",
            "2025-05-08Z",
            "2025-05-08T21:10:00+3:00",
            "2025-05-08T21:10:00+03:60",
            "2025-05-08T21:10:00Z ",
        ] {
            assert_eq!(instant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rfc2822_dates() {
        let want = 1_635_384_580;
        for s in [
            "Thu, 28 Oct 2021 01:29:40 GMT",
            "28 Oct 2021 01:29:40 GMT",
            "thu, 28 oct 2021 01:29:40 gmt",
            "Thu, 28 Oct 2021 03:29:40 +0200",
            "Wed, 27 Oct 2021 21:29:40 EDT",
            "Wed, 27 Oct 2021 18:29:40 PDT",
            "  Thu,  28 Oct 2021 01:29:40 UT ",
        ] {
            assert_eq!(rfc2822(s), Some(want), "{s}");
        }
        assert_eq!(rfc2822("Thu, 28 Oct 2021 01:29 GMT"), Some(want - 40));
        for bad in [
            "Fri, 28 Oct 2021 01:29:40 GMT",
            "Thu, 32 Oct 2021 01:29:40 GMT",
            "Thu, 28 Oct 21 01:29:40 GMT",
            "Thu, 28 Oct 2021 01:29:40",
            "Thu, 28 Oct 2021 01:29:40 GMT extra",
            "Thu, 28 Oct 2021 01:29:40 +02",
            "Thu, 28 Oct 2021 25:29:40 GMT",
            "",
        ] {
            assert_eq!(rfc2822(bad), None, "{bad:?}");
        }
    }

    /// These readers and jiff's agree on every form both read: the extended format
    /// with every field width, fraction and offset, over the whole calendar.
    #[test]
    fn agrees_with_jiff() {
        let mut n = 0u64;
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % m
        };
        while n < 20_000 {
            n += 1;
            let (y, mo, d) = (next(10_000), 1 + next(13), 1 + next(32));
            let (h, mi, s) = (next(25), next(61), next(62));
            let basic = next(4) == 0;
            let date = if basic {
                format!("{y:04}{mo:02}{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}")
            };
            let frac = match next(4) {
                0 => String::new(),
                1 => format!(".{}", next(1000)),
                2 => format!(",{:09}", next(1_000_000_000)),
                _ => format!(".{:06}", next(1_000_000)),
            };
            let time = match (next(4), next(3) == 0) {
                (0, _) => format!("{h:02}"),
                (1, false) => format!("{h:02}:{mi:02}"),
                (1, true) => format!("{h:02}{mi:02}"),
                (_, false) => format!("{h:02}:{mi:02}:{s:02}{frac}"),
                (_, true) => format!("{h:02}{mi:02}{s:02}{frac}"),
            };
            let sep = ["T", " ", "t"][next(3) as usize];
            let text = format!("{date}{sep}{time}");
            assert_eq!(civil(&text), jiff_civil(&text), "{text}");
            assert_eq!(civil(&date), jiff_civil(&date), "{date}");
            let offset = match next(5) {
                0 => "Z".to_string(),
                1 => format!("+{:02}:{:02}", next(26), next(61)),
                2 => format!("-{:02}{:02}", next(24), next(60)),
                3 => format!("+{:02}", next(24)),
                _ => String::new(),
            };
            let text = format!("{text}{offset}");
            let ours = instant(&text).map(|i| {
                i128::from(i.unix_seconds()) * 1_000_000_000 + i128::from(i.civil.nanosecond)
            });
            let theirs = text
                .parse::<jiff::Timestamp>()
                .ok()
                .map(|t| t.as_nanosecond());
            assert_eq!(ours, theirs, "{text}");
            let day = 1 + next(28);
            let http = format!(
                "{}, {day:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
                ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][next(7) as usize],
                [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec"
                ][(mo as usize - 1).min(11)],
            );
            let theirs = jiff::fmt::rfc2822::DateTimeParser::new()
                .parse_timestamp(&http)
                .ok()
                .map(|t| t.as_second());
            assert_eq!(rfc2822(&http), theirs, "{http}");
        }
    }
}
