//! ManageBac public API: `/v2` coursework, `/v2p0` classes and the `/v2p3`
//! directory.
//!
//! [`ManageBacConfig`] holds the base URL and the token; each operation is a struct in
//! [`coursework`], [`classes`] or [`directory`] implementing [`crate::Endpoint`].

use std::fmt;

use crate::weburl::WebUrl;
use secrecy::{ExposeSecret, SecretString};

use crate::endpoint::Endpoint;
use crate::error::{field_errors_of, Error};
use crate::http::{HttpRequest, RequestSpec};
use crate::platform::{check_printable, json_body, AuthContext, AuthScheme, Platform, RateLimit};

/// Implements paging (`page`/`per_page` setters and [`crate::Paged`], driven by
/// `meta`) for a list endpoint with `page: Option<u32>` and `per_page: Option<u32>`.
macro_rules! paged {
    ($ty:ty, $item:ty) => {
        paged!($ty, $item, "");
    };
    ($ty:ty, $item:ty, $items_at:expr) => {
        impl $ty {
            /// Ask for page `page` (1-based).
            pub fn page(mut self, page: u32) -> Self {
                self.page = Some(page);
                self
            }
            /// Ask for `per_page` records a page (1 to 200).
            pub fn per_page(mut self, per_page: u32) -> Self {
                self.per_page = Some(per_page);
                self
            }
        }
        impl $crate::endpoint::Paged for $ty {
            type Item = $item;
            fn items(page: $crate::endpoint::Page<$item>) -> Vec<$item> {
                page.items
            }
            const ITEMS_AT: &'static str = $items_at;
            fn next(&self, page: &$crate::endpoint::Page<$item>) -> Option<Self> {
                self.next_after(page.meta.as_ref(), page.items.len())
            }
            fn next_after(&self, meta: Option<&$crate::PageMeta>, _count: usize) -> Option<Self> {
                let next = $crate::managebac::next_page(meta?, self.page)?;
                let mut op = self.clone();
                op.page = Some(next);
                Some(op)
            }
        }
    };
}

pub mod classes;
pub mod coursework;
pub mod directory;
pub mod models;

pub use classes::*;
pub use coursework::*;
pub use directory::*;
pub use models::*;

crate::operations! {
    platform: ManageBacConfig;
    /// Every gradebook grade of a class for a term.
    paged class_grades(class_id: i64, term_id: i64) => ClassGrades;
    /// Term grades of a class (overall and per criterion).
    paged term_grades(class_id: i64, term_id: i64) => TermGrades;
    /// A class's tasks (of one term, when given).
    paged tasks(class_id: i64; term_id) => Tasks;
    /// One task.
    single get_task(class_id: i64, task_id: i64) => GetTask;
    /// Create a task (never retried).
    single create_task(class_id: i64, task: TaskInput) => CreateTask;
    /// Update a task: only the fields set are sent.
    single update_task(class_id: i64, task_id: i64, task: TaskInput) => UpdateTask;
    /// Delete a task.
    single delete_task(class_id: i64, task_id: i64) => DeleteTask;
    /// Every student's results on a task.
    paged task_results(class_id: i64, task_id: i64) => TaskResults;
    /// Write one student's grade on a task.
    single update_task_grade(task_id: i64, student_id: i64, grade: TaskGrade) => UpdateTaskGrade;
    /// Write many students' grades on a task; one outcome per student (a partial
    /// failure is data, never an exception).
    single update_task_grades(task_id: i64, grades: Vec<StudentTaskGrade>) => UpdateTaskGrades;
    /// Reset students' grades and submissions on a task; one outcome per student.
    single reset_task_grades(task_id: i64, student_ids: Vec<i64>) => ResetTaskGrades;
    /// Reset every student's grade and submission on a task (the API's reset
    /// without a list, under its own name so that nobody does it by accident).
    single reset_all_task_grades(task_id: i64) => ResetAllTaskGrades;
    /// A class's criteria.
    single criteria(class_id: i64) => Criteria;
    /// A class's task categories, with their weights.
    single task_categories(class_id: i64) => TaskCategories;
    /// Every class.
    paged classes(; modified_since, deleted_since, archived) => Classes;
    /// One class.
    single get_class(class_id: i64) => GetClass;
    /// Create a class (never retried).
    single create_class(class: ClassInput) => CreateClass;
    /// Update a class: only the fields set are sent.
    single update_class(class_id: i64, class: ClassInput) => UpdateClass;
    /// Create (no `id`) or update (with `id`) many classes; one outcome per index.
    single upsert_classes(classes: Vec<ClassInput>) => UpsertClasses;
    /// Add students to a class.
    single add_class_students(class_id: i64, student_ids: Vec<i64>) => AddClassStudents;
    /// Remove students from a class.
    single remove_class_students(class_id: i64, student_ids: Vec<i64>) => RemoveClassStudents;
    /// Set students' levels in a class; one outcome per student.
    single update_class_students(class_id: i64, students: Vec<StudentLevel>) => UpdateClassStudents;
    /// A class's students with their levels.
    paged class_students(class_id: i64) => ClassStudents;
    /// Every student (filters: archived, status, year groups, advisors, search, ...).
    paged students(;) => Students;
    /// One student.
    single get_student(student_id: i64) => GetStudent;
    /// Create a student (`email` required; never retried).
    single create_student(student: StudentInput) => CreateStudent;
    /// Update a student: only the fields set are sent.
    single update_student(student_id: i64, student: StudentInput) => UpdateStudent;
    /// Archive a student.
    single archive_student(student_id: i64) => ArchiveStudent;
    /// Unarchive a student.
    single unarchive_student(student_id: i64) => UnarchiveStudent;
    /// Every teacher.
    paged teachers(;) => Teachers;
    /// One teacher.
    single get_teacher(teacher_id: i64) => GetTeacher;
    /// Create a teacher (`email` required; never retried).
    single create_teacher(teacher: TeacherInput) => CreateTeacher;
    /// Update a teacher: only the fields set are sent.
    single update_teacher(teacher_id: i64, teacher: TeacherInput) => UpdateTeacher;
    /// Every parent.
    paged parents(;) => Parents;
    /// One parent.
    single get_parent(parent_id: i64) => GetParent;
    /// Create a parent (`email` required; never retried).
    single create_parent(parent: ParentInput) => CreateParent;
    /// Update a parent: only the fields set are sent.
    single update_parent(parent_id: i64, parent: ParentInput) => UpdateParent;
    /// Archive a parent.
    single archive_parent(parent_id: i64) => ArchiveParent;
    /// Unarchive a parent.
    single unarchive_parent(parent_id: i64) => UnarchiveParent;
    /// Every year group.
    paged year_groups(;) => YearGroups;
    /// A year group's advisors with their roles.
    single year_group_advisors(year_group_id: i64) => YearGroupAdvisors;
    /// A year group's students.
    paged year_group_students(year_group_id: i64) => YearGroupStudents;
    /// Add students to a year group.
    single add_year_group_students(year_group_id: i64, student_ids: Vec<i64>) => AddYearGroupStudents;
    /// Remove students from a year group.
    single remove_year_group_students(year_group_id: i64, student_ids: Vec<i64>) => RemoveYearGroupStudents;
    /// Who is in which class (filters: classes, users, students, dates).
    paged memberships(;) => Memberships;
    /// The school's details.
    single school() => GetSchool;
    /// Academic years with their terms, by program code.
    single academic_years(; program_code, active) => AcademicYears;
    /// Each program's grades (year levels).
    single school_grades() => SchoolGrades;
    /// The school's subjects, by program code.
    single subjects() => Subjects;
    /// Check the token and the connection: `"ok"`.
    single ping() => Ping;
    /// A user's avatar image with its content type.
    single avatar(user_id: i64) => GetAvatar;
    /// Each student's homeroom attendance totals for a term.
    single homeroom_term_attendance(year_group_id: i64, term_id: i64) => HomeroomTermAttendance;
    /// Each student's homeroom attendance on a date (`yyyy-mm-dd`).
    single homeroom_date_attendance(year_group_id: i64, date: String) => HomeroomDateAttendance;
    /// Each student's attendance totals in a class for a term.
    single class_term_attendance(class_id: i64, term_id: i64) => ClassTermAttendanceReport;
    /// Each student's attendance in a class on a date (`yyyy-mm-dd`), by period.
    single class_date_attendance(class_id: i64, date: String) => ClassDateAttendanceReport;
}

/// The default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.managebac.com";

/// The largest `per_page` ManageBac accepts.
pub const MAX_PER_PAGE: u32 = 200;

/// ManageBac's documented request limit: 200 requests per minute per IP.
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 200;

/// ManageBac's hosts, as the API description lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// <https://api.managebac.com> (the default).
    Ca,
    /// <https://api.managebac.cn>
    Cn,
    /// <https://api.us.managebac.com>
    Us1,
    /// <https://api.managebac.us>
    Us2,
    /// <https://api.managebactest.com> (user acceptance testing).
    Uat,
}

impl Region {
    /// Every region with its name.
    pub const ALL: [(&'static str, Region); 5] = [
        ("ca", Region::Ca),
        ("cn", Region::Cn),
        ("us1", Region::Us1),
        ("us2", Region::Us2),
        ("uat", Region::Uat),
    ];

    /// The region's API host.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Ca => "https://api.managebac.com",
            Region::Cn => "https://api.managebac.cn",
            Region::Us1 => "https://api.us.managebac.com",
            Region::Us2 => "https://api.managebac.us",
            Region::Uat => "https://api.managebactest.com",
        }
    }
}

impl std::str::FromStr for Region {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let want = s.trim().to_ascii_lowercase();
        Region::ALL
            .iter()
            .find(|(name, _)| *name == want)
            .map(|(_, r)| *r)
            .ok_or_else(|| {
                let names: Vec<&str> = Region::ALL.iter().map(|(n, _)| *n).collect();
                Error::invalid_input(
                    "region",
                    format!("`{s}` is not a region; known: {}", names.join(", ")),
                )
            })
    }
}

#[derive(Clone)]
enum Credentials {
    Token(SecretString),
    OAuth2 {
        client_id: String,
        client_secret: SecretString,
        scope: Option<String>,
    },
}

/// Where and as whom to call ManageBac. Turns any endpoint into an [`HttpRequest`].
///
/// Credentials are an API token (sent in the `auth-token` header) or OAuth2 client
/// credentials (a bearer token the client obtains from `/oauth/token` and renews).
/// A credential never travels in a URL and is masked in `Debug`.
#[derive(Clone)]
pub struct ManageBacConfig {
    base_url: WebUrl,
    credentials: Credentials,
}

impl fmt::Debug for ManageBacConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ManageBacConfig");
        d.field("base_url", &self.base_url.as_str());
        match &self.credentials {
            Credentials::Token(_) => d.field("token", &"[redacted]"),
            Credentials::OAuth2 {
                client_id, scope, ..
            } => d
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .field("scope", scope),
        };
        d.finish()
    }
}

impl ManageBacConfig {
    /// A config with an API token, for the default base URL,
    /// <https://api.managebac.com>.
    pub fn new(token: impl Into<String>) -> Self {
        ManageBacConfig {
            // DEFAULT_BASE_URL is a valid URL literal.
            base_url: crate::platform::literal_url(DEFAULT_BASE_URL),
            credentials: Credentials::Token(SecretString::from(token.into())),
        }
    }

    /// A config with OAuth2 client credentials: the client asks `/oauth/token` for a
    /// bearer token and renews it before it expires.
    pub fn oauth2(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ManageBacConfig {
            base_url: crate::platform::literal_url(DEFAULT_BASE_URL),
            credentials: Credentials::OAuth2 {
                client_id: client_id.into(),
                client_secret: SecretString::from(client_secret.into()),
                scope: None,
            },
        }
    }

    /// Ask for these scopes (space-separated) with OAuth2 credentials.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        if let Credentials::OAuth2 { scope: s, .. } = &mut self.credentials {
            *s = Some(scope.into());
        }
        self
    }

    /// Use another base URL (the sandbox, a proxy). `http://` is refused unless the
    /// host is loopback (`localhost`, `127.0.0.0/8`, `[::1]`), so a credential never
    /// crosses a network in clear text.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.base_url = parse_base_url(base_url)?;
        Ok(self)
    }

    /// Use a region's host.
    pub fn with_region(mut self, region: Region) -> Self {
        self.base_url = crate::platform::literal_url(region.base_url());
        self
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        Platform::base_url(self)
    }

    /// Validate `endpoint` and build its request: base URL, path, query, the
    /// `auth-token` header and the JSON body. With OAuth2 credentials, use
    /// [`crate::platform::build_request`] with the bearer token in the context.
    pub fn request<E>(&self, endpoint: &E) -> Result<HttpRequest, Error>
    where
        E: Endpoint<Platform = ManageBacConfig> + ?Sized,
    {
        crate::platform::build_request(self, endpoint, &AuthContext::default())
    }
}

impl Platform for ManageBacConfig {
    const ID: &'static str = "managebac";
    const NAME: &'static str = "ManageBac";
    const REQUESTS_PER_MINUTE: Option<u32> = Some(DEFAULT_REQUESTS_PER_MINUTE);
    const SETTINGS: &'static [crate::platform::Setting] = &[
        crate::platform::Setting {
            name: "token",
            required: false,
            secret: true,
            doc: "The API token (Settings > Develop > API Manager); or use client_id and client_secret.",
        },
        crate::platform::Setting {
            name: "client_id",
            required: false,
            secret: false,
            doc: "OAuth2 client id (client credentials), instead of a token.",
        },
        crate::platform::Setting {
            name: "client_secret",
            required: false,
            secret: true,
            doc: "OAuth2 client secret.",
        },
        crate::platform::Setting {
            name: "scope",
            required: false,
            secret: false,
            doc: "OAuth2 scopes to ask for (space-separated); all of the application's by default.",
        },
        crate::platform::Setting {
            name: "region",
            required: false,
            secret: false,
            doc: "The school's host: ca (default), cn, us1, us2 or uat; or give base_url.",
        },
    ];

    /// `{"token"}` or `{"client_id", "client_secret", "scope"?}`, with `region` or
    /// `base_url` (optional, not both).
    fn from_settings(settings: serde_json::Value) -> Result<Self, Error> {
        #[gradebridge_macros::reader]
        #[derive(serde::Deserialize)]
        struct Settings {
            #[serde(default)]
            token: Option<String>,
            #[serde(default)]
            client_id: Option<String>,
            #[serde(default)]
            client_secret: Option<String>,
            #[serde(default)]
            scope: Option<String>,
            #[serde(default)]
            region: Option<String>,
            #[serde(default)]
            base_url: Option<String>,
        }
        let s: Settings = crate::input::from_value_strict(settings, "")?;
        let mut config = match (s.token, s.client_id, s.client_secret) {
            (Some(token), None, None) => ManageBacConfig::new(token),
            (None, Some(id), Some(secret)) => ManageBacConfig::oauth2(id, secret),
            (None, Some(_), None) => {
                return Err(Error::invalid_input(
                    "client_secret",
                    "is required with client_id",
                ))
            }
            (None, None, Some(_)) => {
                return Err(Error::invalid_input(
                    "client_id",
                    "is required with client_secret",
                ))
            }
            (None, None, None) => {
                return Err(Error::invalid_input(
                    "token",
                    "is required (or client_id and client_secret for OAuth2)",
                ))
            }
            (Some(_), _, _) => {
                return Err(Error::invalid_input(
                    "token",
                    "give a token or client_id and client_secret, not both",
                ))
            }
        };
        if let Some(scope) = s.scope {
            if matches!(config.credentials, Credentials::Token(_)) {
                return Err(Error::invalid_input(
                    "scope",
                    "is only used with OAuth2 client credentials",
                ));
            }
            config = config.with_scope(scope);
        }
        match (s.region, s.base_url) {
            (Some(_), Some(_)) => Err(Error::invalid_input(
                "region",
                "give region or base_url, not both",
            )),
            (Some(region), None) => Ok(config.with_region(region.parse()?)),
            (None, Some(url)) => config.with_base_url(&url),
            (None, None) => Ok(config),
        }
    }

    fn base_url(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    fn set_base_url(&mut self, base_url: &str) -> Result<(), Error> {
        self.base_url = parse_base_url(base_url)?;
        Ok(())
    }

    fn auth(&self) -> AuthScheme {
        match self.credentials {
            Credentials::Token(_) => AuthScheme::Static,
            Credentials::OAuth2 { .. } => AuthScheme::Bearer,
        }
    }

    fn check_credentials(&self) -> Result<(), Error> {
        match &self.credentials {
            Credentials::Token(t) => check_printable("token", t.expose_secret()),
            Credentials::OAuth2 {
                client_id,
                client_secret,
                ..
            } => {
                check_printable("client_id", client_id)?;
                check_printable("client_secret", client_secret.expose_secret())
            }
        }
    }

    fn authorize(&self, spec: RequestSpec, auth: &AuthContext) -> Result<HttpRequest, Error> {
        self.check_credentials()?;
        let url = crate::platform::url_for(Platform::base_url(self), &spec);
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        match &self.credentials {
            Credentials::Token(t) => {
                headers.push(("auth-token".to_string(), t.expose_secret().to_string()))
            }
            Credentials::OAuth2 { .. } => {
                let bearer = auth.bearer.as_deref().ok_or_else(|| {
                    Error::invalid_input(
                        "bearer",
                        "OAuth2 credentials need a bearer token: use a client, or pass one in the AuthContext",
                    )
                })?;
                headers.push(("authorization".to_string(), format!("Bearer {bearer}")));
            }
        }
        let body = match spec.body {
            Some(v) => Some(json_body(&mut headers, &v)?),
            None => None,
        };
        Ok(HttpRequest {
            method: spec.method,
            url,
            headers,
            body,
        })
    }

    fn announced_limit(&self, response: &crate::HttpResponse) -> Option<RateLimit> {
        crate::platform::limit_from_headers(response, "x-ratelimit-limit", "x-ratelimit-period")
    }

    /// POST /oauth/token with the client credentials as JSON.
    fn token_request(&self) -> Result<HttpRequest, Error> {
        let Credentials::OAuth2 {
            client_id,
            client_secret,
            scope,
        } = &self.credentials
        else {
            return Err(Error::invalid_input(
                "auth",
                "a token config has no token endpoint",
            ));
        };
        self.check_credentials()?;
        let mut body = serde_json::json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret.expose_secret(),
        });
        if let Some(scope) = scope {
            body["scope"] = serde_json::Value::String(scope.clone());
        }
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        let body = json_body(&mut headers, &body)?;
        Ok(HttpRequest {
            method: crate::Method::Post,
            url: format!("{}/oauth/token", Platform::base_url(self)),
            headers,
            body: Some(body),
        })
    }

    /// `{"access_token", "expires_in", ...}`; a refusal is an authentication error.
    fn parse_token(
        &self,
        response: &crate::HttpResponse,
    ) -> Result<crate::platform::BearerToken, Error> {
        if response.status == 400 || response.status == 401 {
            let refused = Error::from_response(response);
            return Err(Error::new(
                crate::ErrorKind::Unauthorized,
                format!(
                    "the token endpoint refused the client credentials: {}",
                    refused.message()
                ),
            )
            .with_status(response.status)
            .with_platform(Self::ID));
        }
        #[gradebridge_macros::reader]
        #[derive(serde::Deserialize)]
        struct Token {
            access_token: String,
            #[serde(default, deserialize_with = "crate::de::opt_int")]
            expires_in: Option<i64>,
        }
        let t: Token = crate::endpoint::decode_success(response, &[200, 201])?;
        Ok(crate::platform::BearerToken {
            access_token: t.access_token,
            expires_in: t.expires_in.and_then(|s| u64::try_from(s).ok()),
        })
    }
}

/// ManageBac's paging cursor: the page number after the one `meta` describes, if
/// there is one. Driven by `meta` alone, never by how many records a page held.
pub fn next_page(meta: &crate::PageMeta, asked: Option<u32>) -> Option<u32> {
    let current = meta.current_page.or(asked.map(i64::from)).unwrap_or(1);
    let total = meta.total_pages?;
    if current < total {
        u32::try_from(current + 1).ok()
    } else {
        None
    }
}

pub use crate::platform::parse_base_url;

// ---------------------------------------------------------------------------------
// Validation helpers shared by the endpoints.

pub(crate) use crate::validate::{
    check_datetime, check_id, check_ids, check_number, is_empty_object, to_json,
};

pub(crate) fn check_paging(page: Option<u32>, per_page: Option<u32>) -> Result<(), Error> {
    if page == Some(0) {
        return Err(Error::invalid_input("page", "pages start at 1"));
    }
    if let Some(n) = per_page {
        if n == 0 || n > MAX_PER_PAGE {
            return Err(Error::invalid_input(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}, got {n}"),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Bulk answers.

/// Read a bulk answer: a JSON array of per-item outcomes, or an object holding one
/// under `key`. Items the server did not report on are added as failures with status
/// `missing`, so a success is never assumed.
pub(crate) fn parse_bulk(
    response: &crate::HttpResponse,
    key: &str,
    requested_ids: Option<&[i64]>,
    requested_len: usize,
) -> Result<Vec<ItemOutcome>, Error> {
    let value: serde_json::Value = crate::endpoint::decode_success(response, &[200, 201, 207])?;
    let items = match &value {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Object(map) => match map.get(key) {
            Some(serde_json::Value::Array(items)) => items.clone(),
            _ => {
                return Err(Error::decode(
                    key,
                    format!("expected an array of outcomes or an object with `{key}`"),
                    &response.body,
                )
                .with_status(response.status))
            }
        },
        _ => {
            return Err(
                Error::decode("", "expected an array of outcomes", &response.body)
                    .with_status(response.status),
            )
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| {
            Error::decode(format!("[{i}]"), "expected an object", &response.body)
                .with_status(response.status)
        })?;
        let id = obj.get("id").and_then(json_int);
        let index = obj.get("index").and_then(json_int);
        let status = obj
            .get("status")
            .and_then(|s| s.as_str())
            .unwrap_or("unknown")
            .to_string();
        let (mut errors, mut message) = field_errors_of(obj.get("errors"));
        let (more, msg2) = field_errors_of(obj.get("error"));
        for (k, v) in more {
            errors.get_or_insert_with(k, Vec::new).extend(v);
        }
        if message.is_none() {
            message = msg2.or_else(|| {
                obj.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            });
        }
        let class = match obj.get("class") {
            Some(c) if !c.is_null() => {
                Some(serde_json::from_value::<Class>(c.clone()).map_err(|e| {
                    Error::decode(format!("[{i}].class"), e, &response.body)
                        .with_status(response.status)
                })?)
            }
            _ => None,
        };
        let ok = status.eq_ignore_ascii_case("ok") && errors.is_empty();
        out.push(ItemOutcome {
            id,
            index,
            status,
            ok,
            errors,
            message,
            class,
        });
    }
    if let Some(ids) = requested_ids {
        for id in ids {
            if !out.iter().any(|o| o.id == Some(*id)) {
                out.push(missing(Some(*id), None));
            }
        }
    } else {
        for i in 0..requested_len {
            let i = i as i64;
            if !out.iter().any(|o| o.index == Some(i)) {
                out.push(missing(None, Some(i)));
            }
        }
    }
    Ok(out)
}

fn missing(id: Option<i64>, index: Option<i64>) -> ItemOutcome {
    ItemOutcome {
        id,
        index,
        status: "missing".to_string(),
        ok: false,
        errors: Default::default(),
        message: Some("the server's answer did not report on this item".to_string()),
        class: None,
    }
}

fn json_int(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
