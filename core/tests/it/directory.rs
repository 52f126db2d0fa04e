//! The ManageBac directory (`/v2p3`): every operation's exact request, and every
//! documented answer parsed and written back equal to the documentation.

use crate::common;

use common::{fixture, fixture_json};
use gradebridge::managebac::*;
use gradebridge::{Endpoint, ErrorKind, HttpResponse, Method};
use serde_json::json;

const TOKEN: &str = "tok-123";
const B: &str = "https://api.managebac.com";

fn api() -> ManageBacConfig {
    ManageBacConfig::new(TOKEN)
}

/// The method, URL and JSON body of an operation's request; the headers are the
/// ManageBac ones (token, accept, and content type with a body).
fn req<E: Endpoint<Platform = ManageBacConfig>>(
    op: &E,
) -> (Method, String, Option<serde_json::Value>) {
    let r = api().request(op).unwrap();
    assert_eq!(r.header("auth-token"), Some(TOKEN));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.header("content-type"),
        r.body.as_ref().map(|_| "application/json")
    );
    (r.method, r.url.clone(), r.body_json())
}

fn get(url: &str) -> (Method, String, Option<serde_json::Value>) {
    (Method::Get, format!("{B}{url}"), None)
}

fn ok(name: &str) -> HttpResponse {
    HttpResponse::new(
        200,
        fixture(&format!("managebac/directory/{name}.response.json")),
    )
}

fn doc(name: &str) -> serde_json::Value {
    fixture_json(&format!("managebac/directory/{name}.response.json"))
}

#[test]
fn list_requests_send_their_filters() {
    assert_eq!(req(&Students::new()), get("/v2p3/students"));
    let mut op = Students::new().page(2).per_page(200);
    op.archived = Some(false);
    op.year_group_ids = Some(vec![7, 8]);
    op.q = Some("Kevin".into());
    op.modified_since = Some("2026-01-01T00:00:00Z".into());
    assert_eq!(
        req(&op),
        get("/v2p3/students?archived=false&modified_since=2026-01-01T00%3A00%3A00Z&year_group_ids%5B%5D=7&year_group_ids%5B%5D=8&q=Kevin&page=2&per_page=200")
    );
    assert_eq!(req(&Teachers::new()), get("/v2p3/teachers"));
    assert_eq!(req(&Parents::new()), get("/v2p3/parents"));
    assert_eq!(req(&YearGroups::new()), get("/v2p3/year-groups"));
    assert_eq!(
        req(&YearGroupStudents::new(11)),
        get("/v2p3/year-groups/11/students")
    );
    let mut m = Memberships::new();
    m.class_ids = Some(vec![1001]);
    m.class_happens_on = Some("2026-03-02".into());
    assert_eq!(
        req(&m),
        get("/v2p3/memberships?class_ids%5B%5D=1001&class_happens_on=2026-03-02")
    );
    let mut cs = ClassStudents::new(1001);
    cs.include_archived_students = Some(true);
    assert_eq!(
        req(&cs),
        get("/v2p3/classes/1001/students?include_archived_students=true")
    );
}

#[test]
fn single_requests() {
    assert_eq!(req(&GetStudent::new(5)), get("/v2p3/students/5"));
    assert_eq!(req(&GetTeacher::new(6)), get("/v2p3/teachers/6"));
    assert_eq!(req(&GetParent::new(7)), get("/v2p3/parents/7"));
    assert_eq!(
        req(&YearGroupAdvisors::new(8)),
        get("/v2p3/year-groups/8/advisors")
    );
    assert_eq!(req(&GetSchool::new()), get("/v2p3/school"));
    assert_eq!(req(&SchoolGrades::new()), get("/v2p3/school/grades"));
    assert_eq!(req(&Subjects::new()), get("/v2p3/school/subjects"));
    assert_eq!(req(&Ping::new()), get("/v2p3/ping"));
    let mut years = AcademicYears::new();
    years.program_code = Some("diploma".into());
    years.active = Some(true);
    assert_eq!(
        req(&years),
        get("/v2p3/school/academic-years?program_code=diploma&active=true")
    );
}

#[test]
fn write_requests() {
    let student = StudentInput {
        email: Some("amara@example.org".into()),
        first_name: Some("Amara".into()),
        student_id: Some("S-1".into()),
        // An empty string is a value: it clears the field.
        nickname: Some(String::new()),
        ..Default::default()
    };
    let mut create = CreateStudent::new(student.clone());
    create.send_welcome_email = Some(false);
    assert_eq!(
        req(&create),
        (
            Method::Post,
            format!("{B}/v2p3/students"),
            Some(json!({
                "student": {"email": "amara@example.org", "first_name": "Amara", "nickname": "", "student_id": "S-1"},
                "options": {"send_welcome_email": false}
            }))
        )
    );
    assert!(!create.idempotent());
    assert_eq!(
        req(&UpdateStudent::new(
            5,
            StudentInput {
                last_name: Some("Okafor".into()),
                ..Default::default()
            }
        )),
        (
            Method::Patch,
            format!("{B}/v2p3/students/5"),
            Some(json!({"student": {"last_name": "Okafor"}}))
        )
    );
    assert_eq!(
        req(&CreateTeacher::new(TeacherInput {
            email: Some("t@example.org".into()),
            ..Default::default()
        })),
        (
            Method::Post,
            format!("{B}/v2p3/teachers"),
            Some(json!({"teacher": {"email": "t@example.org"}}))
        )
    );
    assert_eq!(
        req(&UpdateParent::new(
            9,
            ParentInput {
                employer: Some("Acme".into()),
                ..Default::default()
            }
        )),
        (
            Method::Patch,
            format!("{B}/v2p3/parents/9"),
            Some(json!({"parent": {"employer": "Acme"}}))
        )
    );
    assert_eq!(
        req(&ArchiveStudent::new(5)),
        (Method::Put, format!("{B}/v2p3/students/5/archive"), None)
    );
    assert_eq!(
        req(&UnarchiveParent::new(9)),
        (Method::Put, format!("{B}/v2p3/parents/9/unarchive"), None)
    );
    assert_eq!(
        req(&AddYearGroupStudents::new(11, vec![1, 2])),
        (
            Method::Post,
            format!("{B}/v2p3/year-groups/11/add_students"),
            Some(json!({"student_ids": [1, 2]}))
        )
    );
    assert_eq!(
        req(&RemoveYearGroupStudents::new(11, vec![3])),
        (
            Method::Post,
            format!("{B}/v2p3/year-groups/11/remove_students"),
            Some(json!({"student_ids": [3]}))
        )
    );
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let field = |e: gradebridge::Error| match e.kind() {
        ErrorKind::InvalidInput { field } => field.clone(),
        other => panic!("{other:?}"),
    };
    let e = api()
        .request(&CreateStudent::new(StudentInput::default()))
        .unwrap_err();
    assert_eq!(field(e), "student.email");
    let e = api()
        .request(&UpdateTeacher::new(3, TeacherInput::default()))
        .unwrap_err();
    assert_eq!(field(e), "teacher");
    let e = api().request(&GetStudent::new(0)).unwrap_err();
    assert_eq!(field(e), "student_id");
    let mut s = Students::new();
    s.modified_since = Some("yesterday".into());
    assert_eq!(field(api().request(&s).unwrap_err()), "modified_since");
    let mut s = Students::new();
    s.ids = Some(vec![1, 1]);
    assert_eq!(field(api().request(&s).unwrap_err()), "ids[1]");
}

/// The model written back is the documented JSON (so no documented field is lost).
fn round_trip<T: serde::Serialize>(value: &T, documented: &serde_json::Value) {
    assert_eq!(&serde_json::to_value(value).unwrap(), documented);
}

#[test]
fn people_parse_every_documented_field() {
    let page = Students::new().parse(&ok("students")).unwrap();
    assert_eq!(page.items.len(), 1);
    let s = &page.items[0];
    assert_eq!(s.id, 2054);
    assert_eq!(s.email.as_deref(), Some("331-cstewart@mita.name"));
    assert_eq!(s.student_id.as_deref(), Some("AA1001"));
    assert_eq!(s.identifier.as_deref(), Some("AA1001"));
    assert_eq!(page.meta.as_ref().unwrap().total_count, Some(1));
    round_trip(&page.items, &doc("students")["students"]);
    round_trip(
        &GetStudent::new(1).parse(&ok("get_student")).unwrap(),
        &doc("get_student")["student"],
    );
    round_trip(
        &Teachers::new().parse(&ok("teachers")).unwrap().items,
        &doc("teachers")["teachers"],
    );
    round_trip(
        &GetTeacher::new(1).parse(&ok("get_teacher")).unwrap(),
        &doc("get_teacher")["teacher"],
    );
    round_trip(
        &Parents::new().parse(&ok("parents")).unwrap().items,
        &doc("parents")["parents"],
    );
    round_trip(
        &GetParent::new(1).parse(&ok("get_parent")).unwrap(),
        &doc("get_parent")["parent"],
    );
    let ygs = YearGroupStudents::new(1)
        .parse(&ok("year_group_students"))
        .unwrap();
    round_trip(&ygs.items, &doc("year_group_students")["students"]);
    assert_eq!(ygs.items[0].cas_advisor_id, Some(10559037));
    let created = CreateStudent::new(StudentInput::default())
        .parse(&HttpResponse::new(
            201,
            fixture("managebac/directory/create_student.response.json"),
        ))
        .unwrap();
    round_trip(&created, &doc("create_student")["student"]);
    round_trip(
        &UpdateStudent::new(1, StudentInput::default())
            .parse(&ok("update_student"))
            .unwrap(),
        &doc("update_student")["student"],
    );
    for name in ["create_teacher", "update_teacher"] {
        let t = CreateTeacher::new(TeacherInput::default())
            .parse(&HttpResponse::new(
                201,
                fixture(&format!("managebac/directory/{name}.response.json")),
            ))
            .unwrap();
        round_trip(&t, &doc(name)["teacher"]);
    }
    for name in ["create_parent", "update_parent"] {
        let p = CreateParent::new(ParentInput::default())
            .parse(&HttpResponse::new(
                201,
                fixture(&format!("managebac/directory/{name}.response.json")),
            ))
            .unwrap();
        round_trip(&p, &doc(name)["parent"]);
    }
}

#[test]
fn school_and_groups_parse_every_documented_field() {
    let yg = YearGroups::new().parse(&ok("year_groups")).unwrap();
    round_trip(&yg.items, &doc("year_groups")["year_groups"]);
    assert_eq!(yg.items[1].student_ids, vec![12459565, 11456849, 12068809]);
    round_trip(
        &YearGroupAdvisors::new(1)
            .parse(&ok("year_group_advisors"))
            .unwrap(),
        &doc("year_group_advisors")["advisors"],
    );
    round_trip(
        &Memberships::new().parse(&ok("memberships")).unwrap().items,
        &doc("memberships")["memberships"],
    );
    round_trip(
        &GetSchool::new().parse(&ok("school")).unwrap(),
        &doc("school")["school"],
    );
    round_trip(
        &SchoolGrades::new().parse(&ok("school_grades")).unwrap(),
        &doc("school_grades")["school"]["programs"],
    );
    round_trip(
        &Subjects::new().parse(&ok("subjects")).unwrap(),
        &doc("subjects")["subjects"],
    );
    let years = AcademicYears::new().parse(&ok("academic_years")).unwrap();
    for (program, list) in &years {
        round_trip(
            list,
            &doc("academic_years")["academic_years"][program]["academic_years"],
        );
    }
    assert_eq!(years["diploma"][0].academic_terms[0].id, 62755);
    assert_eq!(
        Ping::new().parse(&ok("ping")).unwrap().as_deref(),
        Some("ok")
    );
    for name in [
        "archive_student",
        "unarchive_student",
        "archive_parent",
        "unarchive_parent",
        "add_year_group_students",
        "remove_year_group_students",
    ] {
        let s = ArchiveStudent::new(1).parse(&ok(name)).unwrap();
        assert_eq!(s.status.as_deref(), Some("ok"), "{name}");
    }
}

#[test]
fn class_students_read_as_one_record_a_student() {
    let page = ClassStudents::new(1).parse(&ok("class_students")).unwrap();
    assert_eq!(
        page.items,
        vec![ClassStudent {
            id: 10193652,
            level: Some("SL".into())
        }]
    );
    // Levels are optional: a class without levels answers only ids.
    let r = HttpResponse::new(
        200,
        r#"{"student_ids": ["5", 6], "meta": {"current_page": 1, "total_pages": 1}}"#,
    );
    let page = ClassStudents::new(1).parse(&r).unwrap();
    assert_eq!(
        page.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![5, 6]
    );
    assert!(page.items.iter().all(|s| s.level.is_none()));
}

#[test]
fn attendance_requests_and_documented_answers() {
    assert_eq!(
        req(&HomeroomTermAttendance::new(8, 2601)),
        get("/v2p3/year-groups/8/homeroom/attendance/term/2601")
    );
    let mut op = HomeroomDateAttendance::new(8, "2026-03-02".into());
    op.student_ids = Some(vec![5001]);
    assert_eq!(
        req(&op),
        get("/v2p3/year-groups/8/homeroom/attendance/date/2026-03-02?student_ids%5B%5D=5001")
    );
    let mut op = ClassTermAttendanceReport::new(1001, 2601);
    op.archived_students = Some(true);
    assert_eq!(
        req(&op),
        get("/v2p3/classes/1001/attendance/term/2601?archived_students=true")
    );
    assert_eq!(
        req(&ClassDateAttendanceReport::new(1001, "2026-03-02".into())),
        get("/v2p3/classes/1001/attendance/date/2026-03-02")
    );
    let e = api()
        .request(&ClassDateAttendanceReport::new(1001, "2026-3-2".into()))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidInput {
            field: "date".into()
        }
    );

    let t = HomeroomTermAttendance::new(1, 1)
        .parse(&ok("homeroom_term_attendance"))
        .unwrap();
    round_trip(&t, &doc("homeroom_term_attendance")["students"]);
    assert_eq!(t[0].attendance["Present"], 57);
    let d = HomeroomDateAttendance::new(1, "2026-01-01".into())
        .parse(&ok("homeroom_date_attendance"))
        .unwrap();
    round_trip(&d, &doc("homeroom_date_attendance")["students"]);
    let c = ClassTermAttendanceReport::new(1, 1)
        .parse(&ok("class_term_attendance"))
        .unwrap();
    round_trip(&c, &doc("class_term_attendance"));
    let c = ClassDateAttendanceReport::new(1, "2026-01-01".into())
        .parse(&ok("class_date_attendance"))
        .unwrap();
    round_trip(&c, &doc("class_date_attendance"));
    assert_eq!(
        c.students[0].attendance["5"].status.as_deref(),
        Some("Absent")
    );
}

#[test]
fn avatar_request() {
    assert_eq!(req(&GetAvatar::new(5)), get("/v2p3/avatars/5"));
    assert!(GetAvatar::new(5).follows_redirect());
    let image = GetAvatar::new(5)
        .parse(&HttpResponse::new(200, vec![0x89, b'P']).with_header("Content-Type", "image/png"))
        .unwrap();
    assert_eq!(image.content_type.as_deref(), Some("image/png"));
    assert_eq!(serde_json::to_value(&image).unwrap()["data"], "iVA=");
}
