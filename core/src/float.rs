//! Decimal text to `f64`, correctly rounded: what `str::parse::<f64>` gives, for the
//! numbers that answers send as text (`"score": "85.5"`), `Retry-After` seconds and
//! a decimal's nearest `f64`.
//!
//! Written here on purpose, not taken from `core`: the standard library's parser
//! (Eisel-Lemire) carries an 11 KB table of powers of five, 15 KB of the gzipped
//! wasm module with its code, for text that is almost always a few digits. This
//! one reads those exactly with one IEEE operation (Clinger's fast path) and
//! everything else with the table-free "simple decimal conversion" (Nigel Tao's,
//! as in Go's `strconv` and `core::num::dec2flt::slow`). The test `agrees_with_std`
//! checks it against `str::parse::<f64>` on a million generated texts and on the
//! known hard cases (halfway points, subnormals, the edges of overflow).
//!
//! And the other way, `f64` to text: [`Text`] writes what `{}` writes, [`Fixed`] what
//! `{:.N}` writes. Same reason: `core`'s printer
//! (Grisu with a Dragon4 fallback, shortest and exact, with their tables and
//! big-number code) is 8 KB of the gzipped wasm module, while serde_json already
//! carries `zmij` (Schubfach) for the shortest digits; these lay its digits out as
//! `core` does. `writes_as_std` checks them against `format!` on every kind of
//! value (random bit patterns, integers, subnormals, halfway cases).

/// `s` as `str::parse::<f64>` reads it (the same grammar: an optional sign, then
/// `inf`, `infinity`, `nan` in any case, or digits with an optional point and
/// exponent; no spaces), or `None` where it refuses the text.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        magnitude(rest)?
    };
    Some(if negative { -v } else { v })
}

/// Significant digits kept: enough to decide any `f64`'s rounding (767 are needed).
const MAX_DIGITS: usize = 768;
/// Beyond this many places the value is 0 or infinite whatever else it holds.
const DECIMAL_POINT_RANGE: i32 = 2047;

/// A decimal `0.d1d2d3... x 10^point`, its digits without leading or trailing zeros.
struct Decimal {
    digits: [u8; MAX_DIGITS],
    len: usize,
    point: i32,
    /// Nonzero digits were dropped after the `MAX_DIGITS` kept.
    truncated: bool,
}

/// Unsigned decimal text (`12`, `1.5`, `.5`, `5.`, `1e-3`) as the nearest `f64`.
fn magnitude(b: &[u8]) -> Option<f64> {
    let mut d = Decimal {
        digits: [0; MAX_DIGITS],
        len: 0,
        point: 0,
        truncated: false,
    };
    let mut i = 0;
    let mut seen_digit = false;
    let mut seen_point = false;
    // Zeros read since the last nonzero digit: kept only if another nonzero follows.
    let mut zeros = 0usize;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen_digit = true;
                if c == b'0' {
                    if d.len == 0 {
                        // A leading zero: after the point it moves the point.
                        if seen_point {
                            d.point -= 1;
                        }
                    } else {
                        zeros += 1;
                        if !seen_point {
                            d.point += 1;
                        }
                    }
                } else {
                    for _ in 0..zeros {
                        d.push(0);
                    }
                    zeros = 0;
                    d.push(c - b'0');
                    if !seen_point {
                        d.point += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < b.len() {
        // Only an exponent may follow: `e` or `E`, a sign, one digit or more.
        if (b[i] | 0x20) != b'e' {
            return None;
        }
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i == b.len() {
            return None;
        }
        let mut exp: i32 = 0;
        for &c in &b[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            // Past 100,000 places the value is 0 or infinite; stop counting.
            if exp < 100_000 {
                exp = exp * 10 + i32::from(c - b'0');
            }
        }
        d.point += if negative { -exp } else { exp };
    }
    if d.len == 0 {
        return Some(0.0);
    }
    Some(fast(&d).unwrap_or_else(|| slow(d)))
}

impl Decimal {
    fn push(&mut self, digit: u8) {
        if self.len < MAX_DIGITS {
            self.digits[self.len] = digit;
            self.len += 1;
        } else if digit != 0 {
            self.truncated = true;
        }
    }

    /// Drop trailing zeros.
    fn trim(&mut self) {
        while self.len > 0 && self.digits[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    /// Divide by `2^shift` (`shift` at most 60).
    fn right_shift(&mut self, shift: u32) {
        let mut read = 0;
        let mut write = 0;
        let mut n = 0u64;
        while n >> shift == 0 {
            if read < self.len {
                n = 10 * n + u64::from(self.digits[read]);
                read += 1;
            } else if n == 0 {
                return;
            } else {
                while n >> shift == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.point -= read as i32 - 1;
        if self.point < -DECIMAL_POINT_RANGE {
            self.len = 0;
            self.point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1u64 << shift) - 1;
        while read < self.len {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask) + u64::from(self.digits[read]);
            read += 1;
            self.digits[write] = digit;
            write += 1;
        }
        while n > 0 {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if write < MAX_DIGITS {
                self.digits[write] = digit;
                write += 1;
            } else if digit > 0 {
                self.truncated = true;
            }
        }
        self.len = write;
        self.trim();
    }

    /// Multiply by `2^shift` (`shift` at most 60). The product is written from its
    /// last digit up into a scratch buffer, so its length need not be known first
    /// (what `core` looks up in a table).
    fn left_shift(&mut self, shift: u32) {
        if self.len == 0 {
            return;
        }
        // 2^60 < 10^19: at most 19 digits more.
        let mut out = [0u8; MAX_DIGITS + 19];
        let mut w = self.len + 19;
        let mut n = 0u64;
        for &digit in self.digits[..self.len].iter().rev() {
            n += u64::from(digit) << shift;
            w -= 1;
            out[w] = (n % 10) as u8;
            n /= 10;
        }
        while n > 0 {
            w -= 1;
            out[w] = (n % 10) as u8;
            n /= 10;
        }
        let product = &out[w..self.len + 19];
        self.point += (product.len() - self.len) as i32;
        let kept = product.len().min(MAX_DIGITS);
        if product[kept..].iter().any(|&digit| digit != 0) {
            self.truncated = true;
        }
        self.digits[..kept].copy_from_slice(&product[..kept]);
        self.len = kept;
        self.trim();
    }

    /// The integer part, rounded half to even (the dropped digits count as more
    /// than half when nonzero digits were truncated).
    fn round(&self) -> u64 {
        if self.len == 0 || self.point < 0 {
            return 0;
        }
        if self.point >= 18 {
            return u64::MAX;
        }
        let point = self.point as usize;
        let mut n = 0u64;
        for i in 0..point {
            n *= 10;
            if i < self.len {
                n += u64::from(self.digits[i]);
            }
        }
        if point < self.len {
            let next = self.digits[point];
            let up = if next == 5 && point + 1 == self.len {
                self.truncated || (point > 0 && self.digits[point - 1] % 2 == 1)
            } else {
                next >= 5
            };
            if up {
                n += 1;
            }
        }
        n
    }
}

/// Powers of ten that an `f64` holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Clinger's fast path: at most 2^53 as the digits' integer `w`, times or divided
/// by an exactly held power of ten, is one correctly rounded IEEE operation.
fn fast(d: &Decimal) -> Option<f64> {
    if d.len > 19 || d.truncated {
        return None;
    }
    let mut w = 0u64;
    for &digit in &d.digits[..d.len] {
        w = w * 10 + u64::from(digit);
    }
    let mut exp = d.point - d.len as i32;
    const LIMIT: u64 = 1 << 53;
    if w > LIMIT {
        return None;
    }
    if exp > 22 {
        // `1234e25` is `1234000e22`, while the integer stays exact.
        while exp > 22 {
            w = w.checked_mul(10).filter(|&w| w <= LIMIT)?;
            exp -= 1;
        }
    }
    if exp >= 0 {
        Some(w as f64 * POW10[exp as usize])
    } else if exp >= -22 {
        Some(w as f64 / POW10[(-exp) as usize])
    } else {
        None
    }
}

/// The simple decimal conversion: shift the decimal by powers of two into
/// `[1/2, 1)`, then take 53 bits, rounded. Exact for any input.
fn slow(mut d: Decimal) -> f64 {
    const MANTISSA_BITS: u32 = 52;
    const MIN_EXP: i32 = -1023;
    const INFINITE_POWER: i32 = 0x7FF;
    const MAX_SHIFT: u32 = 60;
    // The largest shift whose digits stay within a u64 step, for `n` decimal places.
    const POWERS: [u8; 19] = [
        0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
    ];
    let shift_for = |n: i32| POWERS.get(n as usize).map_or(MAX_SHIFT, |&s| u32::from(s));
    if d.point < -324 {
        return 0.0;
    }
    if d.point >= 310 {
        return f64::INFINITY;
    }
    let mut exp2 = 0i32;
    while d.point > 0 {
        let shift = shift_for(d.point);
        d.right_shift(shift);
        if d.point < -DECIMAL_POINT_RANGE {
            return 0.0;
        }
        exp2 += shift as i32;
    }
    while d.point <= 0 {
        let shift = if d.point == 0 {
            match d.digits[0] {
                5.. => break,
                0 | 1 => 2,
                _ => 1,
            }
        } else {
            shift_for(-d.point)
        };
        d.left_shift(shift);
        if d.point > DECIMAL_POINT_RANGE {
            return f64::INFINITY;
        }
        exp2 -= shift as i32;
    }
    // In [1/2, 1); the binary format's mantissa is in [1, 2).
    exp2 -= 1;
    while MIN_EXP + 1 > exp2 {
        let n = ((MIN_EXP + 1 - exp2) as u32).min(MAX_SHIFT);
        d.right_shift(n);
        exp2 += n as i32;
    }
    if exp2 - MIN_EXP >= INFINITE_POWER {
        return f64::INFINITY;
    }
    d.left_shift(MANTISSA_BITS + 1);
    let mut mantissa = d.round();
    if mantissa >= 1 << (MANTISSA_BITS + 1) {
        // Rounding carried into a new bit: one place back.
        d.right_shift(1);
        exp2 += 1;
        mantissa = d.round();
        if exp2 - MIN_EXP >= INFINITE_POWER {
            return f64::INFINITY;
        }
    }
    let mut power2 = exp2 - MIN_EXP;
    if mantissa < 1 << MANTISSA_BITS {
        // Subnormal.
        power2 -= 1;
    }
    mantissa &= (1 << MANTISSA_BITS) - 1;
    f64::from_bits(mantissa | ((power2 as u64) << MANTISSA_BITS))
}

/// `x` as `{}` writes it: the shortest digits that read back as `x`, never with
/// an exponent (`0.0000001`, `100000000000000000000`), no `.0` on an integer,
/// `-0`, `NaN`, `inf`, `-inf`.
pub(crate) struct Text(pub f64);

/// `x` as `{:.N}` writes it, `N` = the second field: the exact value rounded to
/// `N` places, a tie to the even digit (`0.25` -> `0.2`), `-0.0` keeps its sign.
/// Exact while `|x| * 10^N` is below 2^128 (every duration, score and percent);
/// above, the shortest digits then zeros where `{:.N}` writes every digit.
// The client's log lines are its only user.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) struct Fixed(pub f64, pub u32);

/// A finite `f64`'s shortest round-trip digits as zmij finds them: the value is
/// `0.d1d2d3... x 10^point`, digits without leading or trailing zeros (none for 0).
struct Digits {
    digits: [u8; 17],
    len: usize,
    point: i32,
}

impl Digits {
    fn of(x: f64) -> Digits {
        let mut buf = zmij::Buffer::new();
        let text = buf.format_finite(x.abs());
        // zmij writes `123.45`, `0.00001`, `100.0`, `1e-7`, `1.5e+300`.
        let (mantissa, exp) = match text.find('e') {
            Some(at) => (&text[..at], text[at + 1..].parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let mut out = Digits {
            digits: [0; 17],
            len: 0,
            point: exp,
        };
        let mut before_point = true;
        for &b in mantissa.as_bytes() {
            match b {
                b'.' => before_point = false,
                b'0' if out.len == 0 => {
                    // A leading zero: after the point it moves the point left.
                    if !before_point {
                        out.point -= 1;
                    }
                }
                _ => {
                    if out.len < out.digits.len() {
                        out.digits[out.len] = b;
                        out.len += 1;
                    }
                    if before_point {
                        out.point += 1;
                    }
                }
            }
        }
        while out.len > 0 && out.digits[out.len - 1] == b'0' {
            out.len -= 1;
        }
        if out.len == 0 {
            out.point = 0;
        }
        out
    }

    fn digits(&self) -> &str {
        // ASCII digits only, copied from zmij's text.
        std::str::from_utf8(&self.digits[..self.len]).unwrap_or("")
    }
}

/// What every layout starts with: `NaN`, `inf` or `-inf` written whole (`true`:
/// nothing more to write), else the sign of a negative `x` (`-0` included).
fn special_or_sign(x: f64, f: &mut std::fmt::Formatter<'_>) -> Result<bool, std::fmt::Error> {
    if x.is_nan() {
        f.write_str("NaN")?;
        Ok(true)
    } else if x.is_infinite() {
        f.write_str(if x < 0.0 { "-inf" } else { "inf" })?;
        Ok(true)
    } else {
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        Ok(false)
    }
}

fn zeros(f: &mut std::fmt::Formatter<'_>, n: usize) -> std::fmt::Result {
    for _ in 0..n {
        f.write_str("0")?;
    }
    Ok(())
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if special_or_sign(self.0, f)? {
            return Ok(());
        }
        let d = Digits::of(self.0);
        let digits = d.digits();
        if digits.is_empty() {
            return f.write_str("0");
        }
        if d.point <= 0 {
            f.write_str("0.")?;
            zeros(f, d.point.unsigned_abs() as usize)?;
            f.write_str(digits)
        } else if (d.point as usize) < digits.len() {
            let (int, frac) = digits.split_at(d.point as usize);
            f.write_str(int)?;
            f.write_str(".")?;
            f.write_str(frac)
        } else {
            f.write_str(digits)?;
            zeros(f, d.point as usize - digits.len())
        }
    }
}

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Fixed(x, places) = *self;
        if special_or_sign(x, f)? {
            return Ok(());
        }
        // |x| = m * 2^e exactly; |x| * 10^places rounded to an integer, half to
        // even, in 128 bits where it fits.
        let bits = x.abs().to_bits();
        let biased = (bits >> 52) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | 1 << 52, biased - 1075)
        };
        let scaled = 10u128
            .checked_pow(places)
            .and_then(|p| p.checked_mul(m as u128));
        let n = match scaled {
            Some(s) if e >= 0 => s.checked_shl(e as u32).filter(|n| n >> e == s),
            Some(s) if e > -128 => {
                let shift = (-e) as u32;
                let n = s >> shift;
                let rest = s & ((1u128 << shift) - 1);
                let half = 1u128 << (shift - 1);
                Some(if rest > half || (rest == half && n & 1 == 1) {
                    n + 1
                } else {
                    n
                })
            }
            // `s` < 2^128, so `s / 2^shift` is under a half unless `shift` is 128.
            Some(s) => Some(u128::from(e == -128 && s > 1 << 127)),
            None => None,
        };
        let places = places as usize;
        let (int, frac) = match n {
            Some(n) => {
                // At least one digit before the point.
                let mut digits = format!("{n:0>width$}", width = places + 1);
                let frac = digits.split_off(digits.len() - places);
                (digits, frac)
            }
            // Too large for 128 bits: an integer (above 2^53 every f64 is one)
            // whose digits past the 17 shortest are not kept; zeros in their place.
            None => (Text(x.abs()).to_string(), "0".repeat(places)),
        };
        f.write_str(&int)?;
        if places > 0 {
            f.write_str(".")?;
            f.write_str(&frac)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn check(text: &str) {
        let want = text.parse::<f64>().ok();
        let got = parse_f64(text);
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "{text:?}: got {got:?}, std reads {want:?}"
        );
    }

    #[test]
    fn known_cases() {
        for text in [
            "0",
            "-0",
            "+0",
            "0.0",
            "00",
            "0e0",
            "0e-999999",
            "0.000",
            "1",
            "85",
            "85.5",
            "-85.5",
            "+1.5",
            ".5",
            "5.",
            "5.e3",
            "1e23",
            "1E23",
            "1e+23",
            "1e-23",
            "0.1",
            "0.3",
            "100",
            "12.5",
            "9007199254740992",
            "9007199254740993",
            "9007199254740994",
            "9007199254740995",
            "18446744073709551615",
            "18446744073709551616",
            "123456789012345678901234567890",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "1e400",
            "7.2057594037927933e16",
            "1e22",
            "1e21",
            "1234e25",
            "9007199254740993e-3",
            "0.1000000000000000055511151231257827021181583404541015625",
            "0.1000000000000000055511151231257827021181583404541015624",
            "0.1000000000000000055511151231257827021181583404541015626",
            "179769313486231580793728971405301e276",
            "inf",
            "-inf",
            "Infinity",
            "INF",
            "NaN",
            "nan",
            "-nan",
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.2.3",
            "1e5.5",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "1ee5",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "infinit",
            "nana",
            "--1",
            "+-1",
            "١",
        ] {
            check(text);
        }
        // A long run of digits beyond what is kept, with a nonzero digit at the end.
        let mut long = "0.".to_string() + &"0".repeat(300) + "24703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125";
        check(&long);
        long.push('1');
        check(&long);
        check(&("9".repeat(800) + "e-800"));
        check(&("1".to_string() + &"0".repeat(900) + "e-900"));
    }

    /// A small deterministic generator (xorshift), so a failure reproduces.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn agrees_with_std() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        for round in 0..1_000_000u32 {
            let mut text = String::new();
            match next() % 4 {
                0 => text.push('-'),
                1 => text.push('+'),
                _ => {}
            }
            // Mostly short numbers, as answers send; now and then very long ones.
            let digits = match next() % 100 {
                0 => 20 + next() % 800,
                1..=10 => 16 + next() % 10,
                _ => 1 + next() % 12,
            } as usize;
            let point = (next() % (digits as u64 + 2)) as usize;
            for i in 0..digits {
                if i == point {
                    text.push('.');
                }
                let digit = if i == 0 && next() % 3 == 0 {
                    0
                } else {
                    next() % 10
                };
                text.push(char::from(b'0' + digit as u8));
            }
            if point == digits && next() % 2 == 0 {
                text.push('.');
            }
            if next() % 3 == 0 {
                text.push(if next() % 2 == 0 { 'e' } else { 'E' });
                match next() % 3 {
                    0 => text.push('-'),
                    1 => text.push('+'),
                    _ => {}
                }
                let exp = if next() % 4 == 0 {
                    next() % 400
                } else {
                    next() % 30
                };
                text.push_str(&exp.to_string());
            }
            let got = parse_f64(&text).map(f64::to_bits);
            let want = text.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(got, want, "round {round}: {text:?}");
        }
    }

    /// `Text` and `Fixed` against `{}` and `{:.N}`.
    fn check_writes(x: f64) {
        use super::{Fixed, Text};
        for (ours, std) in [(Text(x).to_string(), format!("{x}"))] {
            if ours != std {
                // Where two shortest texts are equally near (the value lies
                // exactly between them), std takes the higher and zmij the even
                // last digit, as JavaScript's `String(x)` and serde_json do. Both
                // read back as `x` and have as many digits.
                let last = |t: &str| t.bytes().rfind(|b| b.is_ascii_digit() && *b != b'0');
                let mantissa = |t: &str| t.split('e').next().unwrap_or("").to_string();
                assert_eq!(ours.parse::<f64>().ok(), Some(x), "{ours} for {std}");
                assert_eq!(
                    mantissa(&ours).trim_end_matches('0').len(),
                    mantissa(&std).trim_end_matches('0').len(),
                    "{ours} for {std}"
                );
                assert!(
                    last(&mantissa(&ours)).is_some_and(|d| d % 2 == 0),
                    "{ours} for {std}"
                );
                assert!(
                    last(&mantissa(&std)).is_some_and(|d| d % 2 == 1),
                    "{ours} for {std}"
                );
            }
        }
        if x.abs() < 1e30 || !x.is_finite() {
            for places in 0..=4 {
                assert_eq!(
                    Fixed(x, places).to_string(),
                    format!("{x:.*}", places as usize),
                    "{{:.{places}}} of {x:e}"
                );
            }
        }
    }

    #[test]
    fn writes_as_std() {
        use super::Text;
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.3,
            2.0 / 3.0,
            1.5,
            100.0,
            89.995,
            41.25,
            0.25,
            0.35,
            0.125,
            2.5,
            0.5,
            -0.04,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e23,
            1.5e300,
            1e-5,
            1e-7,
            1.25e-7,
            123456.789,
            9007199254740993.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check_writes(x);
        }
        // Where the shortest digits tie: std rounds up, zmij (and JS) to even.
        // 165793407361858.125, exactly between two 17-digit texts.
        let tie = 165_793_407_361_858.0 + 0.125;
        assert_eq!(Text(tie).to_string(), "165793407361858.12");
        assert_eq!(format!("{tie}"), "165793407361858.13");
        // Every integer a score or an id is, and the halves between them.
        for i in -2000..2000 {
            check_writes(f64::from(i));
            check_writes(f64::from(i) / 2.0);
            check_writes(f64::from(i) / 8.0);
            check_writes(f64::from(i) / 100.0);
        }
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..300_000 {
            // Any bit pattern (every exponent, subnormals, NaNs), and values of
            // the size grades, percents and durations have.
            check_writes(f64::from_bits(next()));
            check_writes((next() % 100_000_000) as f64 / 1000.0);
        }
    }

    #[test]
    fn fixed_above_128_bits_keeps_the_shortest_digits() {
        use super::Fixed;
        assert_eq!(Fixed(1e40, 1).to_string(), format!("1{}.0", "0".repeat(40)));
        assert_eq!(
            Fixed(-1e300, 0).to_string(),
            format!("-1{}", "0".repeat(300))
        );
    }
}
