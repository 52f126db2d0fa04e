//! The client against the in-process sandbox: every operation, pagination, the rate
//! limit, 429s, retries, dropped connections, bulk outcomes.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use gradebridge::client::ManageBacClient;
use gradebridge::clock::{Clock, VirtualClock};
use gradebridge::managebac::*;
use gradebridge::ErrorKind;
use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig, DEFAULT_TOKEN, READONLY_TOKEN};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

fn client(sb: &Sandbox) -> ManageBacClient {
    ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap()
}

#[tokio::test]
async fn lists_and_reads() {
    let sb = sandbox().await;
    let mb = client(&sb);
    let classes = mb.classes().await.unwrap();
    assert_eq!(
        classes.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![1001, 1002, 1003]
    );
    let class = mb.get_class(1002).await.unwrap();
    assert_eq!(class, classes[1]);

    let tasks = mb.tasks(1001).with(|op| op.term_id(2601)).await.unwrap();
    assert_eq!(tasks.len(), 4);
    let expected: Vec<i64> = sb.with_school(|s| {
        s.tasks
            .values()
            .filter(|t| t.class_id == 1001 && t.term_id == 2601)
            .map(|t| t.id())
            .collect()
    });
    assert_eq!(tasks.iter().map(|t| t.id).collect::<Vec<_>>(), expected);
    let all_tasks = mb.tasks(1001).await.unwrap();
    assert_eq!(all_tasks.len(), 8);

    let task = mb.get_task(1001, tasks[0].id).await.unwrap();
    assert_eq!(task.name, tasks[0].name);
    assert_eq!(task.category.as_ref().unwrap().weight, Some(20.0));

    let grades = mb.class_grades(1001, 2601).await.unwrap();
    assert_eq!(grades.len(), 24);
    // Every grade the sandbox holds shows up, with its score.
    for student in &grades {
        for a in &student.assignments {
            let stored = sb.with_school(|s| s.results[&(a.id, student.id)].score());
            assert_eq!(a.score, stored);
        }
    }

    let term = mb.term_grades(1001, 2601).await.unwrap();
    assert_eq!(term.len(), 24);
    let some = mb
        .term_grades(1001, 2601)
        .with(|op| op.student_ids(vec![5002, 5003]))
        .await
        .unwrap();
    assert_eq!(
        some.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![5002, 5003]
    );
    let former = mb
        .term_grades(1001, 2601)
        .with(|op| op.unenrolled_only(true))
        .await
        .unwrap();
    assert_eq!(former.iter().map(|s| s.id).collect::<Vec<_>>(), vec![5025]);
    let with_archived = mb
        .term_grades(1002, 2601)
        .with(|op| op.include_archived_students(true))
        .await
        .unwrap();
    assert_eq!(with_archived.len(), 30);
    assert_eq!(mb.term_grades(1002, 2601).await.unwrap().len(), 29);

    let results = mb.task_results(1001, tasks[0].id).await.unwrap();
    assert_eq!(results.len(), 24);

    let criteria = mb.criteria(1001).await.unwrap();
    assert_eq!(criteria.len(), 4);
    let categories = mb.task_categories(1001).await.unwrap();
    assert_eq!(
        categories.iter().map(|c| c.weight.unwrap()).sum::<f64>(),
        100.0
    );
}

#[tokio::test]
async fn task_lifecycle() {
    let sb = sandbox().await;
    let mb = client(&sb);
    let input = TaskInput {
        name: Some("Lab report".into()),
        due_date: Some("2026-03-02T15:00:00".into()),
        task_category_id: Some(10012),
        assessments: Some(TaskAssessmentsInput {
            points: Some(PointsInput {
                enabled: Some(true),
                max_points: Some(40.0.into()),
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = mb.create_task(1001, input).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("Lab report"));
    assert_eq!(
        created
            .assessments
            .as_ref()
            .unwrap()
            .points
            .as_ref()
            .unwrap()
            .max_points,
        Some(40.0)
    );
    assert!(sb.with_school(|s| s.tasks.contains_key(&created.id)));
    // Created in the term holding its due date.
    assert_eq!(sb.with_school(|s| s.tasks[&created.id].term_id), 2602);

    let updated = mb
        .update_task(
            1001,
            created.id,
            TaskInput {
                notes: Some("Bring goggles".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.notes.as_deref(), Some("Bring goggles"));
    assert_eq!(
        updated.name.as_deref(),
        Some("Lab report"),
        "fields not sent are kept"
    );

    // The server's 422 comes back with its field errors.
    let e = mb
        .update_task(
            1001,
            created.id,
            TaskInput {
                task_category_id: Some(999),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(
        e.field_errors().unwrap()["task_category_id"],
        vec!["is invalid".to_string()]
    );

    mb.delete_task(1001, created.id).await.unwrap();
    assert!(!sb.with_school(|s| s.tasks.contains_key(&created.id)));
    let e = mb.get_task(1001, created.id).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotFound);
    assert!(e.message().contains("Couldn't find CoreTask"), "{e}");
}

#[tokio::test]
async fn grade_writes() {
    let sb = sandbox().await;
    let mb = client(&sb);
    let task = 70001; // class 1001, max 32 points
    let one = mb
        .update_task_grade(
            task,
            5001,
            TaskGrade {
                points: Some(30.0.into()),
                comment: Some("Excellent".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(one.points, Some(30.0.into()));
    assert_eq!(
        sb.with_school(|s| s.results[&(task, 5001)].score()),
        Some(30.0)
    );

    // One valid, one over the maximum, one not in the class: every outcome comes back.
    let outcomes = mb
        .update_task_grades(
            task,
            vec![
                StudentTaskGrade::points(5002, 31.0),
                StudentTaskGrade::points(5003, 99.0),
                StudentTaskGrade::points(5029, 10.0),
            ],
        )
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(
        (outcomes[0].id, outcomes[0].ok, outcomes[0].status.as_str()),
        (Some(5002), true, "ok")
    );
    assert_eq!(
        (outcomes[1].id, outcomes[1].ok, outcomes[1].status.as_str()),
        (Some(5003), false, "unprocessable_entity")
    );
    assert_eq!(
        outcomes[1].errors["points"],
        vec!["must be less than or equal to 32".to_string()]
    );
    assert_eq!(
        (outcomes[2].id, outcomes[2].ok, outcomes[2].status.as_str()),
        (Some(5029), false, "not_found")
    );
    assert_eq!(
        sb.with_school(|s| s.results[&(task, 5002)].score()),
        Some(31.0)
    );
    assert_ne!(
        sb.with_school(|s| s.results.get(&(task, 5003)).and_then(|r| r.score())),
        Some(99.0)
    );

    // Read back through class grades.
    let grades = mb.class_grades(1001, 2601).await.unwrap();
    let s = grades.iter().find(|s| s.id == 5002).unwrap();
    assert_eq!(
        s.assignments.iter().find(|a| a.id == task).unwrap().score,
        Some(31.0)
    );

    let reset = mb.reset_task_grades(task, vec![5002, 5029]).await.unwrap();
    assert_eq!(
        reset.iter().map(|o| (o.id, o.ok)).collect::<Vec<_>>(),
        vec![(Some(5002), true), (Some(5029), false)]
    );
    assert!(sb.with_school(|s| !s.results.contains_key(&(task, 5002))));
}

#[tokio::test]
async fn class_writes() {
    let sb = sandbox().await;
    let mb = client(&sb);
    let created = mb
        .create_class(ClassInput {
            name: Some("IB DP Biology (Grade 12)".into()),
            program: Some("diploma".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.program_code.as_deref(), Some("diploma"));
    let updated = mb
        .update_class(
            created.id,
            ClassInput {
                description: Some("Field work".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("Field work"));
    assert_eq!(updated.name, created.name);

    let outcomes = mb
        .upsert_classes(vec![
            ClassInput {
                id: Some(created.id),
                archived: Some(true),
                ..Default::default()
            },
            ClassInput {
                name: Some("New class".into()),
                ..Default::default()
            },
            ClassInput {
                id: Some(424242),
                name: Some("x".into()),
                ..Default::default()
            },
            ClassInput {
                name: Some("Bad".into()),
                program: Some("nope".into()),
                ..Default::default()
            },
        ])
        .await
        .unwrap();
    assert_eq!(
        outcomes.iter().map(|o| (o.index, o.ok)).collect::<Vec<_>>(),
        vec![
            (Some(0), true),
            (Some(1), true),
            (Some(2), false),
            (Some(3), false)
        ]
    );
    assert_eq!(outcomes[0].class.as_ref().unwrap().archived, Some(true));
    assert_eq!(outcomes[2].status, "not_found");
    assert_eq!(
        outcomes[3].errors["program"],
        vec!["is not included in the list".to_string()]
    );
    let archived = mb.classes().with(|op| op.archived(true)).await.unwrap();
    assert_eq!(
        archived.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![created.id]
    );

    mb.add_class_students(1003, vec![5001, 5002]).await.unwrap();
    assert!(sb.with_school(|s| s.classes[&1003].members.contains(&5001)));
    mb.remove_class_students(1003, vec![5001]).await.unwrap();
    assert!(sb.with_school(|s| !s.classes[&1003].members.contains(&5001)));
    let e = mb
        .add_class_students(1003, vec![999_999])
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));

    let levels = mb
        .update_class_students(
            1001,
            vec![
                StudentLevel {
                    id: 5001,
                    level: "SL".into(),
                },
                StudentLevel {
                    id: 5002,
                    level: "XL".into(),
                },
                StudentLevel {
                    id: 5029,
                    level: "HL".into(),
                },
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        levels.iter().map(|o| o.status.as_str()).collect::<Vec<_>>(),
        vec!["ok", "unprocessable_entity", "not_found"]
    );
    assert_eq!(
        sb.with_school(|s| s.classes[&1001].levels[&5001].clone()),
        "SL"
    );
}

#[tokio::test]
async fn pagination_with_a_short_page_collects_every_record_once() {
    let sb = sandbox().await;
    sb.set_faults(Faults {
        short_page: Some(2),
        ..Default::default()
    });
    let mb = client(&sb);
    let mut pages = Vec::new();
    let mut stream = std::pin::pin!(mb
        .class_grades(1002, 2601)
        .with(|op| op.per_page(10))
        .pages());
    while let Some(page) = stream.next().await {
        pages.push(page.unwrap());
    }
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, vec![10, 5, 10, 4], "a short page in the middle");
    let ids: Vec<i64> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|s| s.id))
        .collect();
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "no record twice");
    let expected: BTreeSet<i64> = sb.with_school(|s| {
        s.classes[&1002]
            .members
            .iter()
            .copied()
            .filter(|id| !s.students[id].archived)
            .collect()
    });
    assert_eq!(unique, expected, "every record");
    assert_eq!(sb.stats().requests, 4);

    // The item stream is lazy: reading 3 records fetches one page.
    sb.clear_stats();
    let first: Vec<_> = mb
        .class_grades(1002, 2601)
        .with(|op| op.per_page(10))
        .items()
        .take(3)
        .collect()
        .await;
    assert_eq!(first.len(), 3);
    assert_eq!(sb.stats().requests, 1);
}

#[tokio::test]
async fn rate_limit_of_60_per_minute_is_never_exceeded() {
    let clock = Arc::new(VirtualClock::default());
    let sb = Sandbox::start(SandboxConfig {
        rate_limit: Some((60, Duration::from_secs(60))),
        clock: clock.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .clock(clock.clone())
        .build()
        .unwrap();
    let start = clock.now();
    for _ in 0..100 {
        mb.get_class(1001).await.unwrap();
    }
    let elapsed = clock.now() - start;
    let stats = sb.stats();
    assert_eq!(stats.requests, 100);
    assert_eq!(stats.by_status.get(&429), None, "no 429 at all");
    assert_eq!(
        mb.rate_limit(),
        (60, Duration::from_secs(60)),
        "adopted the server's limit"
    );
    // No 60-second window (on the shared virtual clock) holds more than 60 requests.
    let times: Vec<u128> = stats.log.iter().map(|e| e.at_ms).collect();
    for (i, t) in times.iter().enumerate() {
        let in_window = times[i..].iter().take_while(|u| **u < t + 60_000).count();
        assert!(
            in_window <= 60,
            "{in_window} requests within 60 s of request {i}"
        );
    }
    assert!(
        elapsed >= Duration::from_secs(60),
        "100 requests at 60/min take over a minute of virtual time: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(125), "{elapsed:?}");
}

#[tokio::test]
async fn a_429_is_waited_out() {
    let clock = Arc::new(VirtualClock::default());
    let sb = Sandbox::start(SandboxConfig {
        clock: clock.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .clock(clock.clone())
        .build()
        .unwrap();
    sb.set_faults(Faults {
        rate_limit_next: 2,
        retry_after_secs: Some(5),
        ..Default::default()
    });
    let start = clock.now();
    let class = mb.get_class(1001).await.unwrap();
    assert_eq!(class.id, 1001);
    assert!(
        clock.now() - start >= Duration::from_secs(10),
        "waited Retry-After twice"
    );
    let statuses: Vec<u16> = sb.stats().log.iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![429, 429, 200]);

    // Past the allowed number of waits, the caller gets a RateLimited error.
    let strict = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .clock(clock.clone())
        .max_rate_limit_waits(0)
        .build()
        .unwrap();
    sb.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(3),
        ..Default::default()
    });
    let e = strict.get_class(1001).await.unwrap_err();
    assert_eq!(
        e.retry_after(),
        Some(&gradebridge::RetryAfter::Seconds { seconds: 3 })
    );
}

#[tokio::test]
async fn the_sandbox_own_limit_answers_429_with_headers_and_the_client_waits() {
    let clock = Arc::new(VirtualClock::default());
    let sb = Sandbox::start(SandboxConfig {
        rate_limit: Some((5, Duration::from_secs(10))),
        clock: clock.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    // A client that does no limiting of its own meets the server's 429s.
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .clock(clock.clone())
        .requests_per_minute(None)
        .build()
        .unwrap();
    for _ in 0..12 {
        mb.criteria(1001).await.unwrap();
    }
    let stats = sb.stats();
    assert_eq!(stats.by_status[&200], 12);
    assert!(
        stats.by_status.get(&429).copied().unwrap_or(0) >= 1,
        "{stats:?}"
    );
}

#[tokio::test]
async fn injected_503s_are_retried_for_gets_and_bulk_patches_not_creates() {
    let sb = sandbox().await;
    let mb = client(&sb);
    sb.set_faults(Faults {
        fail_next: 2,
        ..Default::default()
    });
    assert_eq!(mb.get_class(1001).await.unwrap().id, 1001);
    assert_eq!(
        sb.stats().log.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![503, 503, 200]
    );

    sb.clear_stats();
    sb.set_faults(Faults {
        fail_next: 2,
        ..Default::default()
    });
    let out = mb
        .update_task_grades(70001, vec![StudentTaskGrade::points(5001, 20.0)])
        .await
        .unwrap();
    assert!(out[0].ok);
    assert_eq!(
        sb.stats()
            .log
            .iter()
            .map(|e| (e.method.as_str(), e.status))
            .collect::<Vec<_>>(),
        vec![("PATCH", 503), ("PATCH", 503), ("PATCH", 200)]
    );

    sb.clear_stats();
    sb.set_faults(Faults {
        fail_next: 1,
        ..Default::default()
    });
    let before = sb.with_school(|s| s.tasks.len());
    let e = mb
        .create_task(
            1001,
            TaskInput {
                name: Some("Once".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (&ErrorKind::Server, Some(503)));
    assert_eq!(sb.stats().requests, 1, "a create is never retried");
    assert_eq!(sb.with_school(|s| s.tasks.len()), before);

    // Retries are bounded.
    sb.clear_stats();
    sb.set_faults(Faults {
        fail_next: 100,
        ..Default::default()
    });
    let e = mb.get_class(1001).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(sb.stats().requests, 4, "1 try + 3 retries");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_not_a_hang() {
    let sb = sandbox().await;
    let mb = client(&sb);
    sb.set_faults(Faults {
        drop_next: 100,
        ..Default::default()
    });
    let e = tokio::time::timeout(Duration::from_secs(20), mb.get_class(1001))
        .await
        .expect("no hang")
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Transport { timeout: false }),
        "{e:?}"
    );
    assert!(!e.is_timeout());
    assert_eq!(sb.stats().requests, 4);
    // A dropped connection on a GET is retried and then succeeds.
    sb.clear_stats();
    sb.set_faults(Faults {
        drop_next: 1,
        ..Default::default()
    });
    assert_eq!(mb.get_class(1001).await.unwrap().id, 1001);
    assert_eq!(sb.stats().requests, 2);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let sb = sandbox().await;
    sb.set_faults(Faults {
        latency_ms: 3_000,
        ..Default::default()
    });
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url(sb.url())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let e = mb.get_class(1001).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Transport { timeout: true });
    assert!(e.is_timeout());
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let mb = ManageBacClient::builder(DEFAULT_TOKEN)
        .base_url("http://127.0.0.1:9")
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    let e = mb.get_class(1).await.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport { .. }), "{e:?}");
}

#[tokio::test]
async fn wrong_token_and_read_only_token() {
    let sb = sandbox().await;
    let bad = ManageBacClient::builder("wrong-token")
        .base_url(sb.url())
        .build()
        .unwrap();
    let e = bad.classes().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Unauthorized);
    assert!(!e.to_string().contains("wrong-token"));
    let ro = ManageBacClient::builder(READONLY_TOKEN)
        .base_url(sb.url())
        .build()
        .unwrap();
    assert_eq!(ro.classes().await.unwrap().len(), 3);
    let e = ro
        .update_task_grade(
            70001,
            5001,
            TaskGrade {
                points: Some(1.0.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Forbidden);
}

#[tokio::test]
async fn the_token_never_shows_in_the_client() {
    let token = "very-secret-token-42";
    let mb = ManageBacClient::builder(token)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let shown = format!("{mb:?}");
    assert!(!shown.contains(token), "{shown}");
    assert!(shown.contains("[redacted]"));
    let builder = ManageBacClient::builder(token);
    assert!(!format!("{builder:?}").contains(token));
    let e = ManageBacClient::builder(token)
        .base_url("http://10.0.0.1")
        .build()
        .unwrap_err();
    assert!(!format!("{e:?}{e}").contains(token));
}

/// `weighted_average` over what ManageBac answers (class grades, the class's tasks,
/// its task categories) gives the term average the sandbox reports in term grades.
#[tokio::test]
async fn weighted_average_over_the_api_models() {
    use gradebridge::grading::{self, AverageMethod, Rounding};
    let sb = sandbox().await;
    let mb = client(&sb);
    let mut checked = 0;
    for class_id in [1001, 1002, 1003] {
        let grades = mb.class_grades(class_id, 2601).await.unwrap();
        let tasks = mb.tasks(class_id).await.unwrap();
        let categories =
            grading::category_weights(&mb.task_categories(class_id).await.unwrap()).unwrap();
        let term = mb.term_grades(class_id, 2601).await.unwrap();
        for student in &grades {
            let scores = grading::task_scores(&student.assignments, &tasks).unwrap();
            let avg = grading::weighted_average(
                &scores,
                &categories,
                AverageMethod::PercentageWeights,
                Some(1),
                Rounding::HalfUp,
            )
            .unwrap();
            let reported = term
                .iter()
                .find(|t| t.id == student.id)
                .and_then(|t| t.term_grade.as_ref()?.average.as_ref()?.percent);
            assert_eq!(
                avg.percent.map(|p| p.to_string().parse::<f64>().unwrap()),
                reported,
                "student {} in class {class_id}",
                student.id
            );
            checked += usize::from(reported.is_some());
        }
    }
    assert!(checked >= 20, "only {checked} averages compared");
    // An assignment whose task is not among the class tasks names it.
    let grades = mb.class_grades(1001, 2601).await.unwrap();
    let e = grading::task_scores(&grades[0].assignments, &[]).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidInput { field } if field == "tasks[0]"),
        "{e}"
    );
    assert!(e.to_string().contains("class_tasks"), "{e}");
}

/// The sandbox's generated load class pages like any class: every student once, the
/// meta counting them all.
#[tokio::test]
async fn the_generated_load_class_pages() {
    let sb = sandbox().await;
    sb.set_load_class(450, 3);
    let mb = client(&sb);
    let mut stream = std::pin::pin!(mb
        .class_grades(gradebridge_sandbox::LOAD_CLASS_ID, 2601)
        .with(|op| op.per_page(200))
        .pages());
    let mut sizes = Vec::new();
    let mut ids = BTreeSet::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        assert_eq!(page.meta.as_ref().and_then(|m| m.total_count), Some(450));
        sizes.push(page.items.len());
        for s in &page.items {
            assert_eq!(s.assignments.len(), 3);
            assert!(ids.insert(s.id), "student {} twice", s.id);
        }
    }
    assert_eq!(sizes, vec![200, 200, 50]);
}
