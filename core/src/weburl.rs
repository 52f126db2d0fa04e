//! URLs: the few things the library does with them, written here rather than taken
//! from the `url` crate.
//!
//! The library checks a base URL a caller gives (`https://`, or `http://` on a
//! loopback host; no user, query or fragment) and writes it in its normal form,
//! writes a query string ([`form_encode`]), reads one back for OAuth 1.0a's
//! signature ([`form_pairs`]), and resolves a redirect's `Location` against the
//! request's URL ([`WebUrl::join`]). The `url` crate is a whole WHATWG URL parser
//! with `idna`'s host processing: 19 KB of the 417 KB gzipped wasm module, for
//! these four jobs. This module follows the WHATWG URL standard for what it
//! accepts and how it writes it, for `http` and `https` only, and refuses rather
//! than rewrites the rarer forms the standard also allows: a user name or password,
//! `https:host` or `https:///host` (not exactly two slashes), a backslash, a
//! percent-encoded or non-ASCII host (give the punycode, `xn--`, form), and IPv4
//! written as anything but four decimal numbers (`127.1`, `0x7f.0.0.1`, `010.0.0.1`).
//! The tests check it against the `url` crate (a dev-dependency): every input this
//! module accepts, `url` accepts and writes the same way. One difference the other
//! way: an `xn--` label is taken as it is, where `url` also checks its punycode.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A URL's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A domain name, in lower case ASCII.
    Domain(String),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address (written in brackets).
    Ipv6(Ipv6Addr),
}

impl Host {
    /// A loopback host: `localhost`, `127.0.0.0/8` or `[::1]`.
    pub fn is_loopback(&self) -> bool {
        match self {
            Host::Domain(d) => d == "localhost" || d == "localhost.",
            Host::Ipv4(ip) => ip.is_loopback(),
            Host::Ipv6(ip) => ip.is_loopback(),
        }
    }
}

/// An absolute `http` or `https` URL in the WHATWG normal form: scheme and host in
/// lower case, no default port, dot segments resolved, the characters the standard
/// escapes in a path or query percent-encoded. A fragment is dropped (it is never
/// sent); [`WebUrl::had_fragment`] tells whether there was one.
#[derive(Clone, PartialEq, Eq)]
pub struct WebUrl {
    text: String,
    https: bool,
    host: Host,
    port: Option<u16>,
    /// Where the path starts in `text`.
    path_at: usize,
    /// Where the query starts in `text` (at its `?`).
    query_at: Option<usize>,
    had_fragment: bool,
}

impl fmt::Debug for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why a text is not a URL this module takes (the message says what to write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// No `scheme:` at the start.
    NoScheme,
    /// A scheme other than `http` or `https`.
    Scheme(String),
    /// A host with non-ASCII letters.
    NonAsciiHost,
    /// Anything else, with what is wrong.
    Invalid(&'static str),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NoScheme => f.write_str("relative URL without a base"),
            UrlError::Scheme(s) => write!(f, "scheme `{s}` is not http(s)"),
            UrlError::NonAsciiHost => f.write_str(
                "a host name with non-ASCII letters is not supported: give its ASCII (punycode, xn--) form",
            ),
            UrlError::Invalid(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for UrlError {}

impl WebUrl {
    /// Parse an absolute `http(s)` URL.
    pub fn parse(input: &str) -> Result<WebUrl, UrlError> {
        let input = clean(input);
        let (scheme, rest) = split_scheme(&input).ok_or(UrlError::NoScheme)?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            other => return Err(UrlError::Scheme(other.to_string())),
        };
        let rest = rest
            .strip_prefix("//")
            .filter(|r| !r.starts_with('/'))
            .ok_or(UrlError::Invalid(
                "must be written scheme://host (two slashes, then the host)",
            ))?;
        if rest.contains('\\') {
            return Err(UrlError::Invalid("must not contain a backslash"));
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        if authority.contains('@') {
            return Err(UrlError::Invalid(
                "must not contain a user name or password",
            ));
        }
        let (host, port) = split_port(authority)?;
        let host = parse_host(host)?;
        let default = if https { 443 } else { 80 };
        let port = match port {
            None | Some("") => None,
            Some(p) => {
                let n = p
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| p.trim_start_matches('0'))
                    .filter(|p| p.len() <= 5)
                    .and_then(|p| {
                        if p.is_empty() {
                            Some(0)
                        } else {
                            p.parse::<u32>().ok()
                        }
                    })
                    .filter(|n| *n <= 65535)
                    .ok_or(UrlError::Invalid("invalid port number"))?;
                (n != default).then_some(n as u16)
            }
        };
        let (rest, had_fragment) = match rest.split_once('#') {
            Some((r, _)) => (r, true),
            None => (rest, false),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut text = String::with_capacity(input.len() + 8);
        text.push_str(if https { "https://" } else { "http://" });
        write_host(&mut text, &host);
        if let Some(p) = port {
            text.push(':');
            text.push_str(&p.to_string());
        }
        let path_at = text.len();
        write_path(&mut text, path);
        let query_at = query.map(|q| {
            let at = text.len();
            text.push('?');
            encode_into(&mut text, q, |b| QUERY_ESCAPED.contains(&b));
            at
        });
        Ok(WebUrl {
            text,
            https,
            host,
            port,
            path_at,
            query_at,
            had_fragment,
        })
    }

    /// The URL, written out.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        if self.https {
            "https"
        } else {
            "http"
        }
    }

    /// The host.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The host as written in the URL (an IPv6 address in brackets).
    pub fn host_str(&self) -> &str {
        let start = self.scheme().len() + 3;
        let end = self.text[start..self.path_at]
            .rfind(':')
            .filter(|_| self.port.is_some())
            .map_or(self.path_at, |i| start + i);
        &self.text[start..end]
    }

    /// The port, when it is not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path (at least `/`).
    pub fn path(&self) -> &str {
        &self.text[self.path_at..self.query_at.unwrap_or(self.text.len())]
    }

    /// The query, without its `?`; `None` when there is no `?`.
    pub fn query(&self) -> Option<&str> {
        self.query_at.map(|at| &self.text[at + 1..])
    }

    /// Scheme, host, port and path: the URL without its query (OAuth 1.0a's base
    /// string URI).
    pub fn without_query(&self) -> &str {
        &self.text[..self.query_at.unwrap_or(self.text.len())]
    }

    /// Whether the text had a `#fragment` (dropped).
    pub fn had_fragment(&self) -> bool {
        self.had_fragment
    }

    /// Resolve `reference` (a redirect's `Location`: a URL, `//host/path`,
    /// `/path`, `path`, `?query`) against this URL.
    pub fn join(&self, reference: &str) -> Result<WebUrl, UrlError> {
        let reference = clean(reference);
        if split_scheme(&reference).is_some() {
            return WebUrl::parse(&reference);
        }
        if reference.starts_with("//") {
            return WebUrl::parse(&format!("{}:{reference}", self.scheme()));
        }
        let origin = &self.text[..self.path_at];
        let joined = match reference.as_bytes().first() {
            None | Some(b'#') => format!("{}{reference}", &self.text),
            Some(b'/') | Some(b'\\') => format!("{origin}{reference}"),
            Some(b'?') => format!("{}{reference}", self.without_query()),
            Some(_) => {
                let path = self.path();
                let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
                format!("{origin}{dir}{reference}")
            }
        };
        WebUrl::parse(&joined)
    }
}

/// The input without leading and trailing C0 controls and spaces, and without any
/// tab or newline (the WHATWG parser's first step).
fn clean(input: &str) -> String {
    input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// `scheme` and what follows its `:`, when the text starts with a scheme.
fn split_scheme(input: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = input.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then_some((scheme, rest))
}

/// The host and the port text of an authority.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), UrlError> {
    if authority.starts_with('[') {
        let close = authority
            .find(']')
            .ok_or(UrlError::Invalid("invalid IPv6 address"))?;
        let after = &authority[close + 1..];
        return match after.strip_prefix(':') {
            Some(port) => Ok((&authority[..=close], Some(port))),
            None if after.is_empty() => Ok((authority, None)),
            None => Err(UrlError::Invalid("invalid IPv6 address")),
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn parse_host(text: &str) -> Result<Host, UrlError> {
    if text.is_empty() {
        return Err(UrlError::Invalid("empty host"));
    }
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        return inner
            .parse::<Ipv6Addr>()
            .map(Host::Ipv6)
            .map_err(|_| UrlError::Invalid("invalid IPv6 address"));
    }
    if !text.is_ascii() {
        return Err(UrlError::NonAsciiHost);
    }
    if text.contains('%') {
        return Err(UrlError::Invalid(
            "the host must not be percent-encoded: write it plainly",
        ));
    }
    // WHATWG's forbidden domain code points (the ASCII ones).
    if text.bytes().any(|b| {
        b <= b' '
            || b == 0x7f
            || matches!(
                b,
                b'#' | b'/' | b':' | b'<' | b'>' | b'?' | b'@' | b'[' | b'\\' | b']' | b'^' | b'|'
            )
    }) {
        return Err(UrlError::Invalid("invalid domain character"));
    }
    let domain = text.to_ascii_lowercase();
    // A host whose last label is a number is an IPv4 address (WHATWG's "ends in a
    // number"); only four decimal numbers are taken.
    let trimmed = domain.strip_suffix('.').unwrap_or(&domain);
    let last = trimmed.rsplit('.').next().unwrap_or("");
    let numeric = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
        || (last.starts_with("0x") && last[2..].bytes().all(|b| b.is_ascii_hexdigit()));
    if numeric {
        let parts: Vec<&str> = trimmed.split('.').collect();
        let octets: Option<Vec<u8>> = parts
            .iter()
            .map(|p| {
                let decimal = !p.is_empty()
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && (p.len() == 1 || !p.starts_with('0'));
                decimal.then(|| p.parse::<u8>().ok()).flatten()
            })
            .collect();
        return match octets {
            Some(o) if o.len() == 4 => Ok(Host::Ipv4(Ipv4Addr::new(o[0], o[1], o[2], o[3]))),
            _ => Err(UrlError::Invalid(
                "an IPv4 address must be four decimal numbers from 0 to 255, such as 127.0.0.1",
            )),
        };
    }
    // Only a final empty label (a trailing dot) is a name; `a..b` and `.a` are not.
    if trimmed.split('.').any(str::is_empty) {
        return Err(UrlError::Invalid("a host name has an empty label"));
    }
    Ok(Host::Domain(domain))
}

fn write_host(out: &mut String, host: &Host) {
    match host {
        Host::Domain(d) => out.push_str(d),
        Host::Ipv4(ip) => out.push_str(&ip.to_string()),
        Host::Ipv6(ip) => {
            // WHATWG's IPv6 serializer: eight hex pieces, the first longest run of
            // two or more zero pieces written `::` (never the dotted IPv4 form).
            let pieces = ip.segments();
            let mut best = (0, 0);
            let mut i = 0;
            while i < 8 {
                let start = i;
                while i < 8 && pieces[i] == 0 {
                    i += 1;
                }
                if i - start > best.1 {
                    best = (start, i - start);
                }
                i += 1;
            }
            out.push('[');
            let mut i = 0;
            while i < 8 {
                if best.1 > 1 && i == best.0 {
                    out.push_str(if i == 0 { "::" } else { ":" });
                    i += best.1;
                    continue;
                }
                out.push_str(&format!("{:x}", pieces[i]));
                if i < 7 {
                    out.push(':');
                }
                i += 1;
            }
            out.push(']');
        }
    }
}

/// Bytes escaped in a path: WHATWG's path percent-encode set.
const PATH_ESCAPED: &[u8] = b" \"#<>?`{}";
/// Bytes escaped in a query: WHATWG's special-query percent-encode set.
const QUERY_ESCAPED: &[u8] = b" \"#<>'";

/// A path (`""` or starting with `/`) with its dot segments resolved and the
/// path set escaped.
fn write_path(out: &mut String, path: &str) {
    let mut segments: Vec<&str> = Vec::new();
    let raw = path.strip_prefix('/').unwrap_or(path);
    let count = raw.split('/').count();
    for (i, segment) in raw.split('/').enumerate() {
        let last = i + 1 == count;
        let lower = segment.to_ascii_lowercase();
        match lower.as_str() {
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            "." | "%2e" => {
                if last {
                    segments.push("");
                }
            }
            _ => segments.push(segment),
        }
    }
    if segments.is_empty() {
        out.push('/');
    }
    for segment in segments {
        out.push('/');
        encode_into(out, segment, |b| PATH_ESCAPED.contains(&b));
    }
}

/// Append `text`, percent-encoding controls, bytes above `~` and those `escaped`
/// names.
pub(crate) fn encode_into(out: &mut String, text: &str, escaped: impl Fn(u8) -> bool) {
    for (i, b) in text.bytes().enumerate() {
        if !(0x20..=0x7e).contains(&b) || escaped(b) {
            push_hex(out, b);
        } else {
            // ASCII: one char per byte.
            out.push_str(&text[i..=i]);
        }
    }
}

fn push_hex(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 15) as usize] as char);
}

/// A query string from pairs, `application/x-www-form-urlencoded` (a space as `+`;
/// letters, digits and `*-._` as they are; every other byte as `%XX`).
pub fn form_encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        form_encode_into(&mut out, k);
        out.push('=');
        form_encode_into(&mut out, v);
    }
    out
}

fn form_encode_into(out: &mut String, text: &str) {
    for (i, b) in text.bytes().enumerate() {
        match b {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            _ if b.is_ascii_alphanumeric() => out.push_str(&text[i..=i]),
            _ => push_hex(out, b),
        }
    }
}

/// The pairs of an `application/x-www-form-urlencoded` text (a query): `+` read as
/// a space, `%XX` decoded, bytes that are not UTF-8 replaced by U+FFFD.
pub fn form_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        match b {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests;
