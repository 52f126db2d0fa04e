//! The school: year groups, memberships, academic years and terms, grades, subjects
//! (`/v2p3/year-groups`, `/memberships`, `/school...`).

use gradebridge_macros::model;

use crate::timestamp::Timestamp;

/// A year group (an IB group).
#[model]
pub struct YearGroup {
    /// Year group id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Short name.
    pub short_name: Option<String>,
    /// Program name.
    pub program: Option<String>,
    /// Program code (`diploma`, `myp`).
    pub program_code: Option<String>,
    /// Grade name.
    pub grade: Option<String>,
    /// Archived.
    pub archived: Option<bool>,
    /// Grade number.
    pub grade_number: Option<i64>,
    /// Graduation year.
    pub graduation_year: Option<i64>,
    /// Its students' ids.
    pub student_ids: Vec<i64>,
}

/// An advisor of a year group with their roles (`homeroom`, `cas`, `ee`, ...).
#[model]
pub struct Advisor {
    /// Teacher id.
    pub id: i64,
    /// Roles.
    pub roles: Vec<String>,
}

/// A student of a class with their level (`SL`, `HL`), when the class has levels.
#[model]
pub struct ClassStudent {
    /// Student id.
    pub id: i64,
    /// Level.
    pub level: Option<String>,
}

/// A user's membership of a class.
#[model]
pub struct Membership {
    /// Membership id.
    pub id: i64,
    /// The user (student or teacher).
    pub user_id: Option<i64>,
    /// Level for IB Diploma classes (0 SL, 1 HL).
    pub level: Option<i64>,
    /// Created at.
    pub created_at: Option<Timestamp>,
    /// Updated at.
    pub updated_at: Option<Timestamp>,
    /// Class id.
    pub class_id: Option<i64>,
    /// The user's email.
    pub user_email: Option<String>,
    /// The school's id for the class.
    pub uniq_class_id: Option<String>,
    /// The school's id for the student.
    pub uniq_student_id: Option<String>,
    /// `Student` or `Teacher`.
    pub role: Option<String>,
}

/// A program the school runs: `{"name", "code"}`.
#[model]
pub struct ProgramRef {
    /// Name.
    pub name: Option<String>,
    /// Code.
    pub code: Option<String>,
}

/// The school's details.
#[model]
pub struct School {
    /// Subdomain.
    pub subdomain: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Whether the session ends in May.
    pub session_in_may: Option<bool>,
    /// Logo path.
    pub logo: Option<String>,
    /// Top navigation logo path.
    pub top_nav_logo: Option<String>,
    /// High resolution logo path.
    pub high_res_logo: Option<String>,
    /// Program names.
    pub programs: Vec<String>,
    /// Enabled programs.
    pub enabled_programs: Vec<ProgramRef>,
    /// Kbl id.
    pub kbl_id: Option<i64>,
}

/// An academic term.
#[model]
pub struct AcademicTerm {
    /// Term id (the `term_id` of grades).
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// The current term.
    pub active: Option<bool>,
    /// First day, `yyyy-mm-dd`.
    pub starts_on: Option<String>,
    /// Last day, `yyyy-mm-dd`.
    pub ends_on: Option<String>,
    /// Updated at.
    pub updated_at: Option<Timestamp>,
    /// Whether an exam grade column is on.
    pub exam_grade: Option<bool>,
}

/// An academic year with its terms.
#[model]
pub struct AcademicYear {
    /// Year id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// The current year.
    pub active: Option<bool>,
    /// First day.
    pub starts_on: Option<String>,
    /// Last day.
    pub ends_on: Option<String>,
    /// Updated at.
    pub updated_at: Option<Timestamp>,
    /// Terms.
    pub academic_terms: Vec<AcademicTerm>,
}

/// A grade (year level) of a program.
#[model]
pub struct SchoolGrade {
    /// Name.
    pub name: Option<String>,
    /// Label.
    pub label: Option<String>,
    /// Code (`diploma;11`).
    pub code: Option<String>,
    /// UID.
    pub uid: Option<i64>,
    /// Grade number.
    pub grade_number: Option<i64>,
}

/// A program with its grades.
#[model]
pub struct ProgramGrades {
    /// Name.
    pub name: Option<String>,
    /// Code.
    pub code: Option<String>,
    /// Grades.
    pub grades: Vec<SchoolGrade>,
}

/// A subject the school offers in a program.
#[model]
pub struct SchoolSubject {
    /// Subject id.
    pub id: i64,
    /// Name.
    pub name: Option<String>,
    /// Subject group.
    pub group: Option<String>,
    /// Subject group id.
    pub group_id: Option<i64>,
    /// Offered at higher level.
    pub hl: Option<bool>,
    /// Offered at standard level.
    pub sl: Option<bool>,
    /// Self-taught.
    pub self_taught: Option<bool>,
    /// Levels (`B`, `ab initio`), for subjects that have them.
    #[serde(skip_serializing_if = "crate::de::is_empty")]
    pub levels: Vec<String>,
}

/// One attendance category's count for a student over a term.
#[model]
pub struct AttendanceCount {
    /// Label (`Present`, `Absent`, `Late`, ...).
    pub label: Option<String>,
    /// Status code (1 present, 0 absent, -1 other).
    pub status: Option<i64>,
    /// How many.
    pub value: Option<i64>,
}

/// A student's attendance over a term: totals by label and by category.
#[model]
pub struct TermAttendance {
    /// Student id.
    pub id: i64,
    /// Totals by label (`{"Present": 57, "Late": 2}`).
    #[serde(default)]
    pub attendance: crate::Map<String, i64>,
    /// Totals by category.
    pub attendance_categories: Vec<AttendanceCount>,
}

/// An attendance category's status: `{"status": 1}`.
#[model]
pub struct AttendanceStatus {
    /// Status code (1 present, 0 absent, -1 other).
    pub status: Option<i64>,
}

/// One attendance mark: status, note and category.
#[model]
pub struct AttendanceMark {
    /// `Present`, `Absent`, `Late`, ...
    pub status: Option<String>,
    /// The teacher's note.
    pub note: Option<String>,
    /// The category's status.
    pub category: Option<AttendanceStatus>,
}

/// A student's homeroom attendance on a date.
#[model]
pub struct DateAttendance {
    /// Student id.
    pub id: i64,
    /// The mark.
    pub attendance: Option<AttendanceMark>,
}

/// A student's class attendance on a date, by period.
#[model]
pub struct PeriodAttendance {
    /// Student id.
    pub id: i64,
    /// Marks by period number (`"1"`, `"5"`).
    #[serde(default)]
    pub attendance: crate::Map<String, AttendanceMark>,
}

/// How a class's timetable numbers its periods.
#[model]
pub struct Timetable {
    /// The number of the first period.
    pub period_starts_count_from: Option<i64>,
    /// Offset applied to period numbers.
    pub period_offset: Option<i64>,
}

/// A class's attendance over a term.
#[model]
pub struct ClassTermAttendance {
    /// Each student's totals.
    pub students: Vec<TermAttendance>,
    /// The class's timetable numbering.
    pub timetable: Option<Timetable>,
}

/// A class's attendance on a date.
#[model]
pub struct ClassDateAttendance {
    /// Each student's marks by period.
    pub students: Vec<PeriodAttendance>,
    /// The class's timetable numbering.
    pub timetable: Option<Timetable>,
}

/// A user's avatar: the image and its content type (`image/png`).
#[model]
pub struct Avatar {
    /// The image's content type.
    pub content_type: Option<String>,
    /// The image (`bytes` in Python, base64 text in JS).
    #[serde(default)]
    pub data: crate::de::Bytes,
    /// Where the image was fetched from (the API answers with a redirect).
    pub location: Option<String>,
}
