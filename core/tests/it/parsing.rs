//! Every documented response parses into the expected model, and the model writes
//! back the documented JSON (so no documented field is lost).

use crate::common;

use common::{fixture, fixture_json, normalize};
use gradebridge::de::Grade;
use gradebridge::managebac::*;
use gradebridge::{Endpoint, HttpResponse, PageMeta, Timestamp};
use serde_json::Value;

fn respond(status: u16, rel: &str) -> HttpResponse {
    HttpResponse::new(status, fixture(rel))
}

/// The documented JSON, normalised the way the models write it: numeric grade
/// strings become numbers, `binary` 0/1 becomes a boolean.
fn documented(rel: &str) -> Value {
    fn fix(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, val) in m.iter_mut() {
                    if k == "grade" {
                        if let Value::String(s) = val {
                            if let Ok(n) = s.parse::<i64>() {
                                *val = Value::from(n);
                            }
                        }
                    }
                    if k == "binary" {
                        if let Value::Number(n) = val {
                            *val = Value::Bool(n.as_i64() == Some(1));
                        }
                    }
                    fix(val);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(fix),
            _ => {}
        }
    }
    let mut v = normalize(&fixture_json(rel));
    fix(&mut v);
    v
}

fn written<T: serde::Serialize>(v: &T) -> Value {
    normalize(&serde_json::to_value(v).unwrap())
}

fn meta(current: i64, total: i64, count: i64, per: i64) -> Option<PageMeta> {
    Some(PageMeta {
        current_page: Some(current),
        total_pages: Some(total),
        total_count: Some(count),
        per_page: Some(per),
    })
}

#[test]
fn class_grades() {
    let page = ClassGrades::new(1, 2)
        .parse(&respond(200, "managebac/class_grades.response.json"))
        .unwrap();
    assert_eq!(page.meta, meta(1, 1, 2, 10));
    assert_eq!(page.items.len(), 2);
    let chloe = &page.items[0];
    assert_eq!(chloe.id, 12068821);
    assert_eq!(chloe.name.as_deref(), Some("Epelbaum, Chloe"));
    assert_eq!(chloe.assignments.len(), 5);
    assert_eq!(
        chloe.assignments[0],
        AssignmentGrade {
            id: 18376636,
            name: Some("Short Story Analysis Quiz".into()),
            group_mark: Some(Grade::Number(5.0)),
            dropbox_status: Some("waiting".into()),
            due_date_extension_days: Some(2),
            due_date: Some(Timestamp::new("2023-04-25T14:05:00.000Z")),
            comment: None,
            score: Some(22.0),
            max_points: Some(32.0),
            binary: None,
        }
    );
    let raymond = &page.items[1];
    assert_eq!(
        raymond.assignments[2],
        AssignmentGrade {
            id: 18376845,
            name: Some("Read a Selected Short Story by Anton Chekhov".into()),
            group_mark: Some(Grade::Number(5.0)),
            dropbox_status: None,
            due_date_extension_days: None,
            due_date: Some(Timestamp::new("2023-04-25T14:05:00.000Z")),
            comment: None,
            score: Some(9.0),
            max_points: Some(12.0),
            binary: Some("incompleted".into()),
        }
    );
    let body = serde_json::json!({"students": page.items, "meta": page.meta});
    assert_eq!(
        normalize(&body),
        documented("managebac/class_grades.response.json")
    );
}

#[test]
fn term_grades_number_or_string() {
    let page = TermGrades::new(1, 2)
        .parse(&respond(200, "managebac/term_grades.response.json"))
        .unwrap();
    assert_eq!(page.meta, meta(1, 1, 2, 10));
    assert_eq!(
        page.items[1],
        StudentTermGrade {
            id: 12068757,
            name: Some("Evans, Raymond".into()),
            term_grade: Some(TermGrade {
                grade: Some(Grade::Number(5.0)),
                average: Some(TermAverage {
                    percent: Some(86.5),
                    grade: Some(Grade::Number(5.0))
                }),
                comments: Some("You've managed to meet expectations.".into()),
                rubrics: vec![Rubric {
                    id: 11181,
                    title: Some("Class Participation".into()),
                    grade: Some(Grade::Text("Satisfactory".into()))
                }],
            }),
        }
    );
    let first = page.items[0].term_grade.as_ref().unwrap();
    assert_eq!(
        first.average.as_ref().unwrap().grade,
        Some(Grade::Number(6.0))
    );
    let body = serde_json::json!({"students": page.items, "meta": page.meta});
    assert_eq!(
        normalize(&body),
        documented("managebac/term_grades.response.json")
    );
}

#[test]
fn tasks() {
    let page = Tasks::new(1)
        .parse(&respond(200, "managebac/tasks.response.json"))
        .unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.meta, meta(1, 1, 3, 100));
    let t = &page.items[0];
    assert_eq!(t.id, 22301859);
    assert_eq!(t.author, Some(IdRef { id: 10193613 }));
    assert_eq!(
        t.assessment_type,
        Some(AssessmentType {
            id: 17,
            kind: Some("summative".into()),
            name: Some("Summative".into())
        })
    );
    assert_eq!(
        t.category,
        Some(TaskCategoryRef {
            id: 1848,
            name: Some("Homework".into()),
            weight: None
        })
    );
    assert_eq!(t.dropbox_id, Some(11099399));
    assert_eq!(t.ib_class_id, Some(10342450460));
    assert_eq!(t.assigned_students, vec![11084604, 10193652, 10241839]);
    assert_eq!(
        t.due_date.as_ref().unwrap().instant().unwrap().to_string(),
        "2025-05-08T18:10:00Z"
    );
    assert_eq!(t.enable_dropbox, Some(true));
    assert_eq!(t.turnitin, Some(false));
    assert_eq!(
        t.assessments,
        Some(TaskAssessments {
            points: Some(PointsAssessment {
                title: Some("Points".into()),
                max_points: Some(10.0)
            }),
            ..Default::default()
        })
    );
    let third = &page.items[2];
    let a = third.assessments.as_ref().unwrap();
    assert_eq!(
        a.binary,
        Some(TitledAssessment {
            title: Some("Binary".into())
        })
    );
    assert_eq!(
        a.criteria,
        Some(CriteriaAssessment {
            title: Some("Criteria".into()),
            criterions: vec![24]
        })
    );
    let body = serde_json::json!({"tasks": page.items, "meta": page.meta});
    assert_eq!(
        normalize(&body),
        documented("managebac/tasks.response.json")
    );
}

#[test]
fn get_task() {
    let t = GetTask::new(1, 2)
        .parse(&respond(200, "managebac/get_task.response.json"))
        .unwrap();
    assert_eq!(t.task_type.as_deref(), Some("formative"));
    assert_eq!(t.task_type_name.as_deref(), Some("Formative"));
    assert_eq!(
        t.linked_to,
        Some(LinkedTask {
            class_id: Some(10299022),
            task_id: Some(11921323)
        })
    );
    assert_eq!(t.dropbox, Some(false));
    assert_eq!(t.task_work_templates.len(), 2);
    assert_eq!(
        t.task_work_templates[1].name.as_deref(),
        Some("Post-Lab Reflection")
    );
    assert_eq!(
        t.unit,
        Some(Unit {
            id: 67396,
            title: Some("Dynamics & Kinematics".into())
        })
    );
    assert_eq!((t.hl, t.sl), (Some(true), Some(true)));
    assert_eq!(
        t.category,
        Some(TaskCategoryRef {
            id: 1884,
            name: Some("Homework".into()),
            weight: Some(20.0)
        })
    );
    assert_eq!(
        t.assessment_types.as_ref().unwrap().points,
        Some(MaxScore {
            max_score: Some(7.0)
        })
    );
    assert_eq!(
        t.assessment_types.as_ref().unwrap().comments,
        Some(Default::default())
    );
    assert_eq!(
        normalize(&serde_json::json!({"task": t})),
        documented("managebac/get_task.response.json")
    );
}

#[test]
fn create_and_update_task() {
    let created = CreateTask::new(1, TaskInput::default())
        .parse(&respond(201, "managebac/create_task.response.json"))
        .unwrap();
    assert_eq!(created.id, 22301936);
    assert_eq!(created.dropbox_opening_days, Some(0));
    assert_eq!(created.assigned_students, vec![11084385, 10734007]);
    assert_eq!(
        created.assessments.as_ref().unwrap().comment,
        Some(TitledAssessment {
            title: Some("Comment".into())
        })
    );
    assert_eq!(
        normalize(&serde_json::json!({"task": created})),
        documented("managebac/create_task.response.json")
    );
    let updated = UpdateTask::new(1, 2, TaskInput::default())
        .parse(&respond(200, "managebac/update_task.response.json"))
        .unwrap();
    assert_eq!(updated.unit_id, Some(172));
    assert_eq!(updated.lesson_experience_id, Some(22));
    assert_eq!(
        normalize(&serde_json::json!({"task": updated})),
        documented("managebac/update_task.response.json")
    );
}

#[test]
fn delete_task() {
    assert_eq!(
        DeleteTask::new(1, 2).parse(&HttpResponse::new(204, "")),
        Ok(())
    );
}

#[test]
fn task_results() {
    let page = TaskResults::new(1, 2)
        .parse(&respond(200, "managebac/task_results.response.json"))
        .unwrap();
    assert_eq!(page.meta, None);
    assert_eq!(page.items.len(), 8);
    assert_eq!(
        page.items[0],
        TaskResult {
            id: 10752610,
            name: Some("Epelbaum, Chloe".into()),
            task_works: vec![
                TaskWork {
                    id: 11861277,
                    template_id: Some(54),
                    submission_status: Some("submitted".into())
                },
                TaskWork {
                    id: 11861277,
                    template_id: Some(55),
                    submission_status: Some("late".into())
                },
            ],
            assessments: Some(ResultAssessments {
                dropbox_status: Some("waiting".into()),
                comments: Some("Chloe has done a great job on both portions of the task".into()),
                points: Some(PointsResult {
                    score: Some(6.0),
                    max_score: Some(7.0)
                }),
                binary: Some(false),
            }),
        }
    );
    let jenna = page.items[1].assessments.as_ref().unwrap();
    assert_eq!(
        jenna.points,
        Some(PointsResult {
            score: None,
            max_score: Some(7.0)
        })
    );
    assert_eq!(jenna.binary, Some(true));
    assert!(page.items[6].task_works.is_empty());
    assert_eq!(
        normalize(&serde_json::json!({"students": page.items})),
        documented("managebac/task_results.response.json")
    );
}

#[test]
fn update_task_grade() {
    let g = UpdateTaskGrade::new(1, 2, TaskGrade::default())
        .parse(&respond(200, "managebac/update_task_grade.response.json"))
        .unwrap();
    assert_eq!(
        g,
        TaskGrade {
            assess_prep_uuid: Some("088190c6-aa0e-4126-9651-dca132229658".into()),
            assess_prep_uid: Some("6JIYJCBZ6D11OS48D4A6R3UNXY".into()),
            assessment_file_url: Some("https://path.to/file.pdf".into()),
            submission_id: Some(12343.into()),
            author_id: Some(123434.into()),
            ..Default::default()
        }
    );
}

fn outcome(id: Option<i64>, index: Option<i64>, status: &str, ok: bool) -> ItemOutcome {
    ItemOutcome {
        id,
        index,
        status: status.into(),
        ok,
        errors: Default::default(),
        message: None,
        class: None,
    }
}

#[test]
fn bulk_grade_outcomes() {
    let out = UpdateTaskGrades::new(1, vec![StudentTaskGrade::points(12343, 5.0)])
        .parse(&respond(200, "managebac/update_task_grades.response.json"))
        .unwrap();
    assert_eq!(
        out,
        vec![outcome(Some(12343), None, "unprocessable_entity", false)]
    );
    let out = ResetTaskGrades::new(1, vec![8])
        .parse(&respond(200, "managebac/reset_task_grades.response.json"))
        .unwrap();
    assert_eq!(
        out,
        vec![outcome(Some(8), None, "unprocessable_entity", false)]
    );
}

#[test]
fn bulk_answer_missing_an_item_is_a_failure() {
    let out = ResetTaskGrades::new(1, vec![8, 9])
        .parse(&respond(200, "managebac/reset_task_grades.response.json"))
        .unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(out[1].id, Some(9));
    assert_eq!(out[1].status, "missing");
    assert!(!out[1].ok);
}

#[test]
fn update_class_students_outcomes() {
    let students = vec![
        StudentLevel {
            id: 1,
            level: "HL".into(),
        },
        StudentLevel {
            id: 2,
            level: "XL".into(),
        },
        StudentLevel {
            id: 3,
            level: "SL".into(),
        },
    ];
    let out = UpdateClassStudents::new(1, students)
        .parse(&respond(
            200,
            "managebac/update_class_students.response.json",
        ))
        .unwrap();
    let mut bad = outcome(Some(2), None, "unprocessable_entity", false);
    bad.errors
        .insert("level".into(), vec!["is not included in the list".into()]);
    assert_eq!(
        out,
        vec![
            outcome(Some(1), None, "ok", true),
            bad,
            outcome(Some(3), None, "not_found", false)
        ]
    );
}

#[test]
fn criteria_and_categories() {
    let c = Criteria::new(1)
        .parse(&respond(200, "managebac/criteria.response.json"))
        .unwrap();
    assert_eq!(
        c,
        vec![Criterion {
            id: 25324,
            title: Some("Criteria Title".into()),
            descriptors: vec![Descriptor {
                value: Some("Good".into()),
                descriptor: Some(
                    "The student demonstrates a good understanding of the concept.".into()
                )
            }],
        }]
    );
    let k = TaskCategories::new(1)
        .parse(&respond(200, "managebac/task_categories.response.json"))
        .unwrap();
    assert_eq!(k.len(), 5);
    assert_eq!(
        k[2],
        TaskCategory {
            id: 3,
            name: Some("Essay".into()),
            background_color: Some("#33C".into()),
            color: Some("#fff".into()),
            weight: Some(10.0)
        }
    );
    assert_eq!(
        normalize(&serde_json::json!({"task_categories": k})),
        documented("managebac/task_categories.response.json")
    );
}

#[test]
fn classes() {
    let page = Classes::new()
        .parse(&respond(200, "managebac/classes.response.json"))
        .unwrap();
    assert_eq!(page.meta, meta(1, 1, 1, 100));
    let c = &page.items[0];
    assert_eq!(c.id, 852);
    assert_eq!(
        c.applicable_levels,
        vec!["HL".to_string(), "SL".to_string()]
    );
    assert_eq!(
        c.teachers,
        vec![ClassTeacher {
            teacher_id: 1960,
            show_on_reports: Some(false),
            teacher_archived: Some(false)
        }]
    );
    assert_eq!(
        c.created_at.as_ref().map(|t| t.as_str()),
        Some("2021-06-28T12:39:36.000Z")
    );
    assert_eq!(
        normalize(&serde_json::json!({"classes": page.items, "meta": page.meta})),
        documented("managebac/classes.response.json")
    );
}

#[test]
fn get_create_update_class() {
    let c = GetClass::new(854)
        .parse(&respond(200, "managebac/get_class.response.json"))
        .unwrap();
    assert_eq!(c.id, 854);
    assert!(c.teachers.is_empty());
    assert_eq!(
        normalize(&serde_json::json!({"class": c})),
        documented("managebac/get_class.response.json")
    );
    let c = CreateClass::new(ClassInput::default())
        .parse(&respond(200, "managebac/create_class.response.json"))
        .unwrap();
    assert_eq!(
        c.subject_option,
        Some(SubjectOption::Text("Language and literature".into()))
    );
    assert_eq!(
        c.subjects,
        vec![Subject {
            id: 123,
            name: Some("Spanish".into()),
            subject_group_id: Some(123),
            subject_group: Some("Language".into())
        }]
    );
    assert_eq!(c.archived, Some(false));
    assert_eq!(
        written(&c),
        documented("managebac/create_class.response.json")
    );
    let c = UpdateClass::new(123, ClassInput::default())
        .parse(&respond(200, "managebac/update_class.response.json"))
        .unwrap();
    assert_eq!(
        written(&c),
        documented("managebac/update_class.response.json")
    );
}

#[test]
fn upsert_outcomes() {
    let out = UpsertClasses::new(vec![ClassInput {
        id: Some(123),
        ..Default::default()
    }])
    .parse(&respond(200, "managebac/upsert_classes.response.json"))
    .unwrap();
    assert_eq!(
        out,
        vec![outcome(None, Some(0), "unprocessable_entity", false)]
    );
    // A success carries the class.
    let body = r#"[{"index": 0, "status": "ok", "class": {"id": 5, "name": "Bio"}},
                   {"index": 1, "status": "not_found", "errors": {"id": ["Cannot find Class with ID=1001"]}}]"#;
    let out = UpsertClasses::new(vec![
        ClassInput {
            id: Some(5),
            ..Default::default()
        },
        ClassInput {
            id: Some(1001),
            ..Default::default()
        },
    ])
    .parse(&HttpResponse::new(200, body))
    .unwrap();
    assert!(out[0].ok);
    assert_eq!(out[0].class.as_ref().unwrap().name.as_deref(), Some("Bio"));
    assert!(!out[1].ok);
    assert_eq!(
        out[1].errors["id"],
        vec!["Cannot find Class with ID=1001".to_string()]
    );
}

#[test]
fn membership_answers() {
    let ok = AddClassStudents::new(1, vec![1])
        .parse(&respond(200, "managebac/add_class_students.response.json"))
        .unwrap();
    assert_eq!(ok.status.as_deref(), Some("ok"));
    let ok = RemoveClassStudents::new(1, vec![1])
        .parse(&respond(
            200,
            "managebac/remove_class_students.response.json",
        ))
        .unwrap();
    assert_eq!(ok.status.as_deref(), Some("ok"));
}
