//! Timestamps that keep their original text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp as the API sent it. The original text is always kept (and is what
/// serializing writes back); [`Timestamp::instant`] and [`Timestamp::civil`] parse
/// what can be parsed.
///
/// - `2023-04-25T14:05:00.000Z`, `2025-05-08T21:10:00+03:00`: an instant and a civil
///   time;
/// - `2017-11-06T04:35:00.000GST` (a zone abbreviation, ambiguous by nature): the civil
///   time only;
/// - `2025-10-01T12:00:00` or `2025-10-01`: the civil time only.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// Wrap text as sent.
    pub fn new(raw: impl Into<String>) -> Self {
        Timestamp { raw: raw.into() }
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The instant, when the text carries a UTC offset (`Z`, `+03:00`).
    pub fn instant(&self) -> Option<jiff::Timestamp> {
        let i = crate::datetime::instant(self.raw.trim())?;
        jiff::Timestamp::new(i.unix_seconds(), i.civil.nanosecond).ok()
    }

    /// The UTC offset the text carries, in seconds (`Z`: 0, `+03:00`: 10,800), when it
    /// carries one; `None` for a zone abbreviation or no zone.
    pub fn offset_seconds(&self) -> Option<i32> {
        crate::datetime::instant(self.raw.trim()).map(|i| i.offset_seconds)
    }

    /// The date and time of day as written, without a zone, when it can be read.
    pub fn civil(&self) -> Option<jiff::civil::DateTime> {
        let c = self.civil_parts()?;
        jiff::civil::DateTime::new(
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            c.nanosecond,
        )
        .ok()
    }

    /// [`Timestamp::civil`]'s reading, without making a jiff value: what the input
    /// checks use, so that the WebAssembly module has no jiff in it.
    pub(crate) fn civil_parts(&self) -> Option<crate::datetime::Civil> {
        let t = self.raw.trim();
        // Cut a trailing zone abbreviation (`GST`, `TRT`) or offset and read the
        // rest. The date takes 10 characters and its separator (`T` or a space) one.
        let end = t
            .char_indices()
            .skip(11)
            .find(|(_, c)| c.is_ascii_alphabetic() || *c == '+' || *c == '-')
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        crate::datetime::civil(&t[..end])
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl From<&str> for Timestamp {
    fn from(v: &str) -> Self {
        Timestamp::new(v)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Timestamp::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_with_millis() {
        let t = Timestamp::new("2023-04-25T14:05:00.000Z");
        assert_eq!(t.instant().unwrap().to_string(), "2023-04-25T14:05:00Z");
        assert_eq!(t.civil().unwrap().to_string(), "2023-04-25T14:05:00");
        assert_eq!(t.as_str(), "2023-04-25T14:05:00.000Z");
    }

    #[test]
    fn with_offset() {
        let t = Timestamp::new("2025-05-08T21:10:00+03:00");
        assert_eq!(t.instant().unwrap().to_string(), "2025-05-08T18:10:00Z");
        assert_eq!(t.civil().unwrap().to_string(), "2025-05-08T21:10:00");
        assert_eq!(t.offset_seconds(), Some(3 * 3600));
        assert_eq!(
            Timestamp::new("2025-05-08T21:10:00-04:30").offset_seconds(),
            Some(-16_200)
        );
        assert_eq!(
            Timestamp::new("2023-04-25T14:05:00.000Z").offset_seconds(),
            Some(0)
        );
        assert_eq!(
            Timestamp::new("2017-11-06T04:35:00.000GST").offset_seconds(),
            None
        );
        assert_eq!(Timestamp::new("2025-10-01").offset_seconds(), None);
    }

    #[test]
    fn zone_abbreviation_keeps_civil_time() {
        let t = Timestamp::new("2017-11-06T04:35:00.000GST");
        assert_eq!(t.instant(), None);
        assert_eq!(t.civil().unwrap().to_string(), "2017-11-06T04:35:00");
        assert_eq!(t.to_string(), "2017-11-06T04:35:00.000GST");
    }

    #[test]
    fn no_zone_and_date_only() {
        assert_eq!(
            Timestamp::new("2025-10-01T12:00:00")
                .civil()
                .unwrap()
                .to_string(),
            "2025-10-01T12:00:00"
        );
        assert_eq!(
            Timestamp::new("2025-10-01").civil().unwrap().to_string(),
            "2025-10-01T00:00:00"
        );
        assert_eq!(Timestamp::new("next tuesday").civil(), None);
    }
}
