//! The directory operations against the in-process sandbox: people paged through
//! with their emails, matched to grades; writes read back; year groups,
//! memberships, the school.

use crate::common;

use common::sandbox_client;
use std::collections::BTreeMap;

use gradebridge::managebac::*;
use gradebridge::ErrorKind;

#[tokio::test]
async fn students_page_through_and_match_grades_by_id() {
    let (_sb, mb) = sandbox_client().await;
    // 30 students, 7 a page: 5 pages, each record once.
    let students = mb.students().with(|op| op.per_page(7)).await.unwrap();
    assert_eq!(students.len(), 30);
    let mut ids: Vec<i64> = students.iter().map(|s| s.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    assert!(students
        .iter()
        .all(|s| s.email.as_deref().is_some_and(|e| e.contains('@'))));
    let first = mb.get_student(5001).await.unwrap();
    assert_eq!(first.student_id.as_deref(), Some("S5001"));
    assert_eq!(first, students[0]);

    // A class's students, by id, joined with their grades.
    let roster = mb.class_students(1001).await.unwrap();
    assert_eq!(roster.len(), 24);
    assert!(
        roster.iter().all(|s| s.level.is_some()),
        "a diploma class has levels"
    );
    let emails: BTreeMap<i64, String> = students
        .iter()
        .map(|s| (s.id, s.email.clone().unwrap_or_default()))
        .collect();
    let grades = mb.class_grades(1001, 2601).await.unwrap();
    assert!(grades.iter().all(|g| emails.contains_key(&g.id)));

    // Filters are applied by the sandbox as documented.
    let found = mb
        .students()
        .with(|mut op| {
            op.q = Some(first.first_name.clone().unwrap());
            op
        })
        .await
        .unwrap();
    assert!(found.iter().any(|s| s.id == 5001));
    let yg = mb
        .students()
        .with(|mut op| {
            op.year_group_ids = Some(vec![302]);
            op
        })
        .await
        .unwrap();
    assert_eq!(yg.len(), 10);
}

#[tokio::test]
async fn a_student_is_created_updated_archived_and_read_back() {
    let (_sb, mb) = sandbox_client().await;
    let created = mb
        .create_student(StudentInput {
            email: Some("new.student@demo.gradebridge.test".into()),
            first_name: Some("Noor".into()),
            last_name: Some("Haddad".into()),
            student_id: Some("S9001".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        created.email.as_deref(),
        Some("new.student@demo.gradebridge.test")
    );
    let updated = mb
        .update_student(
            created.id,
            StudentInput {
                nickname: Some("N".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.nickname.as_deref(), Some("N"));
    assert_eq!(mb.get_student(created.id).await.unwrap(), updated);
    mb.archive_student(created.id).await.unwrap();
    let archived = mb
        .students()
        .with(|mut op| {
            op.archived = Some(true);
            op
        })
        .await
        .unwrap();
    assert!(archived.iter().any(|s| s.id == created.id));
    mb.unarchive_student(created.id).await.unwrap();
    assert_eq!(
        mb.get_student(created.id).await.unwrap().archived,
        Some(false)
    );

    // The same email twice is refused by the server, field by field.
    let e = mb
        .create_student(StudentInput {
            email: Some("new.student@demo.gradebridge.test".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Unprocessable { field_errors } if field_errors.contains_key("email"))
    );
    // A missing one is refused before anything is sent.
    let e = mb
        .create_student(StudentInput::default())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "student.email"));
}

#[tokio::test]
async fn teachers_and_parents() {
    let (_sb, mb) = sandbox_client().await;
    let teachers = mb.teachers().await.unwrap();
    assert_eq!(teachers.len(), 4);
    assert_eq!(mb.get_teacher(1960).await.unwrap(), teachers[0]);
    let t = mb
        .create_teacher(TeacherInput {
            email: Some("new.teacher@demo.gradebridge.test".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let t2 = mb
        .update_teacher(
            t.id,
            TeacherInput {
                last_name: Some("Kim".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(t2.last_name.as_deref(), Some("Kim"));
    let parents = mb.parents().await.unwrap();
    assert_eq!(parents.len(), 10);
    assert_eq!(parents[0].child_ids, vec![5001]);
    let p = mb.get_parent(7001).await.unwrap();
    assert_eq!(p.children[0].id, 5001);
    mb.archive_parent(7001).await.unwrap();
    assert_eq!(mb.get_parent(7001).await.unwrap().archived, Some(true));
    mb.unarchive_parent(7001).await.unwrap();
    let e = mb.get_parent(1).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotFound);
}

#[tokio::test]
async fn year_groups_memberships_and_the_school() {
    let (_sb, mb) = sandbox_client().await;
    let groups = mb.year_groups().await.unwrap();
    assert_eq!(
        groups.iter().map(|g| g.id).collect::<Vec<_>>(),
        vec![301, 302]
    );
    assert_eq!(mb.year_group_students(301).await.unwrap().len(), 20);
    assert_eq!(mb.year_group_advisors(301).await.unwrap()[0].id, 1963);
    mb.remove_year_group_students(301, vec![5001])
        .await
        .unwrap();
    assert_eq!(mb.year_group_students(301).await.unwrap().len(), 19);
    mb.add_year_group_students(302, vec![5001]).await.unwrap();
    assert_eq!(mb.get_student(5001).await.unwrap().year_group_id, Some(302));

    let members = mb
        .memberships()
        .with(|mut op| {
            op.class_ids = Some(vec![1001]);
            op
        })
        .await
        .unwrap();
    // One teacher and 24 students, each with an email.
    assert_eq!(members.len(), 25);
    assert!(members
        .iter()
        .all(|m| m.user_email.is_some() && m.class_id == Some(1001)));

    let school = mb.school().await.unwrap();
    assert_eq!(school.name.as_deref(), Some("gradebridge Demo School"));
    let years = mb.academic_years().await.unwrap();
    let terms: Vec<i64> = years["diploma"][0]
        .academic_terms
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(terms, vec![2601, 2602]);
    assert!(!mb.subjects().await.unwrap()["diploma"].is_empty());
    assert_eq!(mb.school_grades().await.unwrap().len(), 2);
    assert_eq!(mb.ping().await.unwrap().as_deref(), Some("ok"));
}

#[tokio::test]
async fn attendance_reports() {
    let (_sb, mb) = sandbox_client().await;
    let term = mb.homeroom_term_attendance(301, 2601).await.unwrap();
    assert_eq!(term.len(), 20);
    let t = &term[0];
    let total: i64 = t.attendance.values().sum();
    assert_eq!(total, 60);
    let day = mb
        .homeroom_date_attendance(301, "2026-03-02".into())
        .await
        .unwrap();
    assert!(day.iter().all(|d| d.attendance.is_some()));
    let class = mb.class_term_attendance(1001, 2601).await.unwrap();
    assert_eq!(class.students.len(), 24);
    assert!(class.timetable.is_some());
    let periods = mb
        .class_date_attendance(1001, "2026-03-02".into())
        .await
        .unwrap();
    assert_eq!(periods.students[0].attendance.len(), 2);
    let e = mb
        .class_date_attendance(1001, "tomorrow".into())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "date"));
}

#[tokio::test]
async fn an_avatar_is_fetched_through_its_redirect_without_the_token() {
    let (sb, mb) = sandbox_client().await;
    let avatar = mb.avatar(5001).await.unwrap();
    assert_eq!(avatar.content_type.as_deref(), Some("image/png"));
    assert_eq!(avatar.data.0, gradebridge_sandbox::AVATAR_PNG);
    assert_eq!(sb.stats().avatars_served, 1);
    assert_eq!(sb.stats().avatars_with_credentials, 0);
    assert_eq!(mb.avatar(1).await.unwrap_err().kind(), &ErrorKind::NotFound);
    // Sans-IO: the redirect itself is read as the image's location.
    let r = gradebridge::HttpResponse::new(302, "")
        .with_header("Location", "https://files.example/a.png");
    let a = gradebridge::Endpoint::parse(&GetAvatar::new(5), &r).unwrap();
    assert_eq!(a.location.as_deref(), Some("https://files.example/a.png"));
}
