//! The demo school: in-memory state, seeded deterministically.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

/// An academic term.
#[derive(Debug, Clone)]
pub struct Term {
    /// Term id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub starts: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends: String,
}

/// A student.
#[derive(Debug, Clone)]
pub struct Student {
    /// Student id.
    pub id: i64,
    /// `Last, First`.
    pub name: String,
    /// Archived students are hidden unless `include_archived_students`.
    pub archived: bool,
}

/// A class with its memberships.
#[derive(Debug, Clone)]
pub struct ClassRec {
    /// The class in the API's JSON shape.
    pub data: Map<String, Value>,
    /// Enrolled students.
    pub members: BTreeSet<i64>,
    /// Students who were enrolled and left.
    pub former: BTreeSet<i64>,
    /// Student levels (`HL`, `SL`).
    pub levels: BTreeMap<i64, String>,
    /// Task categories in the API's JSON shape.
    pub categories: Vec<Value>,
    /// Criteria in the API's JSON shape.
    pub criteria: Vec<Value>,
}

/// A task.
#[derive(Debug, Clone)]
pub struct TaskRec {
    /// Class id.
    pub class_id: i64,
    /// Term id.
    pub term_id: i64,
    /// The task in the API's JSON shape (list form).
    pub data: Map<String, Value>,
    /// What a write set that the API does not render (`notify_group`,
    /// `notify_parents`, `phase`): kept for `/__sandbox/state`.
    pub extra: Map<String, Value>,
}

impl TaskRec {
    /// Points available, when the task is assessed on points.
    pub fn max_points(&self) -> Option<f64> {
        self.data
            .get("assessments")?
            .get("points")?
            .get("max_points")?
            .as_f64()
    }
    /// Task id.
    pub fn id(&self) -> i64 {
        self.data.get("id").and_then(Value::as_i64).unwrap_or(0)
    }
}

/// A student's grade on a task.
#[derive(Debug, Clone, Default)]
pub struct ResultRec {
    /// The `task_grade` fields as written.
    pub fields: Map<String, Value>,
}

impl ResultRec {
    /// Points, when graded.
    pub fn score(&self) -> Option<f64> {
        self.fields.get("points").and_then(Value::as_f64)
    }
    /// Comment.
    pub fn comment(&self) -> Option<&str> {
        self.fields.get("comment").and_then(Value::as_str)
    }
}

/// The whole school.
#[derive(Debug, Clone)]
pub struct School {
    /// Terms.
    pub terms: Vec<Term>,
    /// Students by id.
    pub students: BTreeMap<i64, Student>,
    /// Classes by id.
    pub classes: BTreeMap<i64, ClassRec>,
    /// Tasks by id.
    pub tasks: BTreeMap<i64, TaskRec>,
    /// Grades by (task id, student id).
    pub results: BTreeMap<(i64, i64), ResultRec>,
    /// Term comments by (class, term, student).
    pub term_comments: BTreeMap<(i64, i64, i64), String>,
    /// The school's IB 1-7 scale: lower bounds in percent for grades 1..=7.
    pub scale: [f64; 7],
    /// People, year groups (the `/v2p3` directory).
    pub directory: crate::directory::Directory,
    next_id: i64,
}

const FIRST: &[&str] = &[
    "Chloe", "Raymond", "Jenna", "Lewis", "Jasmine", "James", "Jessica", "Keith", "Ian", "Amara",
    "Bruno", "Carmen", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ingrid", "Jonas", "Kenji",
    "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma",
];
const LAST: &[&str] = &[
    "Epelbaum",
    "Evans",
    "Bailey",
    "Francisco",
    "Lucy",
    "Bowen",
    "Howard",
    "Boyd",
    "McNeil",
    "Okafor",
    "Silva",
    "Ortega",
    "Ivanov",
    "Yilmaz",
    "Haddad",
    "Petrovic",
    "Sato",
    "Lund",
    "Berg",
    "Tanaka",
    "Rossi",
    "Garcia",
    "Karim",
    "Nilsson",
    "Sharma",
    "Dubois",
    "Mendes",
    "Eriksen",
    "Aziz",
    "Patel",
];

/// A small deterministic generator (no RNG dependency: the sandbox must seed the same
/// school every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as f64) / ((1u64 << 31) as f64)
    }
}

/// A number as JSON: an integer when it is one (`22`, not `22.0`).
pub fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Format seconds since the epoch as `2026-01-05T09:00:00.000Z`.
pub fn iso(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
        Err(_) => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

impl School {
    /// The seeded demo school: 2 terms, 30 students, 3 classes, 24 tasks, results.
    #[allow(clippy::type_complexity)] // the seed table of classes, read once
    pub fn demo() -> School {
        let terms = vec![
            Term {
                id: 2601,
                name: "Term 1 2025-2026".into(),
                starts: "2025-08-18".into(),
                ends: "2025-12-19".into(),
            },
            Term {
                id: 2602,
                name: "Term 2 2025-2026".into(),
                starts: "2026-01-05".into(),
                ends: "2026-06-12".into(),
            },
        ];
        let mut students = BTreeMap::new();
        for i in 0..30i64 {
            let id = 5001 + i;
            students.insert(
                id,
                Student {
                    id,
                    name: format!("{}, {}", LAST[i as usize], FIRST[i as usize]),
                    archived: id == 5030,
                },
            );
        }
        let created = "2025-08-01T08:00:00.000Z";
        let class_specs: [(
            i64,
            &str,
            &str,
            &str,
            &str,
            i64,
            &str,
            i64,
            std::ops::RangeInclusive<i64>,
        ); 3] = [
            (
                1001,
                "IB DP English A: Language & Literature (Grade 11)",
                "IB Diploma",
                "diploma",
                "English",
                927,
                "Studies in Language and Literature",
                12,
                5001..=5024,
            ),
            (
                1002,
                "IB DP Mathematics: Analysis & Approaches (Grade 11)",
                "IB Diploma",
                "diploma",
                "Mathematics",
                931,
                "Mathematics",
                12,
                5001..=5030,
            ),
            (
                1003,
                "IB MYP Sciences (Grade 9)",
                "IB Middle Years",
                "myp",
                "Sciences",
                940,
                "Sciences",
                10,
                5011..=5030,
            ),
        ];
        let mut classes = BTreeMap::new();
        for (n, (id, name, program, code, subject, subject_id, group, grade_number, range)) in
            class_specs.into_iter().enumerate()
        {
            let diploma = code == "diploma";
            let levels: Vec<&str> = if diploma { vec!["HL", "SL"] } else { vec![] };
            let data = json!({
                "id": id,
                "name": name,
                "description": format!("{subject} for grade {}", grade_number - 1),
                "language": "en",
                "uniq_id": format!("GB{id}"),
                "class_section": "A",
                "start_term_id": 2601,
                "end_term_id": 2602,
                "created_at": created,
                "updated_at": created,
                "grade": format!("Grade {}", grade_number - 1),
                "grade_number": grade_number,
                "applicable_levels": levels,
                "program": program,
                "program_code": code,
                "subject_id": subject_id,
                "subject_name": subject,
                "subject_group": group,
                "subject_group_id": 13 + n as i64,
                "lock_memberships": "students_only",
                "archived": false,
                "subjects": [{"id": subject_id, "name": subject, "subject_group_id": 13 + n as i64, "subject_group": group}],
                "teachers": [{"teacher_id": 1960 + n as i64, "show_on_reports": true, "teacher_archived": false}],
            });
            let members: BTreeSet<i64> = range.collect();
            let mut levels_map = BTreeMap::new();
            if diploma {
                for (k, s) in members.iter().enumerate() {
                    levels_map.insert(*s, if k % 3 == 0 { "HL" } else { "SL" }.to_string());
                }
            }
            let categories = [("Quiz", "#205C00", 20), ("Homework", "#2175C6", 30), ("Test", "#FFAD3A", 50)]
                .iter()
                .enumerate()
                .map(|(k, (cname, color, weight))| {
                    json!({"id": id * 10 + k as i64 + 1, "name": cname, "background_color": color, "color": "#fff", "weight": weight})
                })
                .collect();
            let criteria = ["A", "B", "C", "D"]
                .iter()
                .enumerate()
                .map(|(k, letter)| {
                    json!({
                        "id": id * 100 + k as i64 + 1,
                        "title": format!("Criterion {letter}"),
                        "descriptors": [
                            {"value": "7-8", "descriptor": "The student consistently demonstrates excellent understanding."},
                            {"value": "5-6", "descriptor": "The student demonstrates good understanding."},
                            {"value": "3-4", "descriptor": "The student demonstrates adequate understanding."},
                            {"value": "1-2", "descriptor": "The student demonstrates limited understanding."}
                        ]
                    })
                })
                .collect();
            let mut former = BTreeSet::new();
            if id == 1001 {
                former.insert(5025);
            }
            classes.insert(
                id,
                ClassRec {
                    data: as_map(data),
                    members,
                    former,
                    levels: levels_map,
                    categories,
                    criteria,
                },
            );
        }

        let mut school = School {
            terms,
            students,
            classes,
            tasks: BTreeMap::new(),
            results: BTreeMap::new(),
            term_comments: BTreeMap::new(),
            scale: [0.0, 20.0, 35.0, 50.0, 62.0, 74.0, 86.0],
            directory: Default::default(),
            next_id: 90_000,
        };
        school.directory = crate::directory::Directory::seed(&school);

        let task_names = [
            "Short Story Analysis Quiz",
            "Reading Journal",
            "Unit Test",
            "Practice Commentary",
        ];
        let maxes = [32.0, 10.0, 50.0, 21.0];
        let mut rng = Lcg(20260101);
        let class_ids: Vec<i64> = school.classes.keys().copied().collect();
        let mut task_id = 70_001;
        for class_id in class_ids {
            for (t, term) in school.terms.clone().iter().enumerate() {
                for k in 0..4 {
                    let cat = school.classes[&class_id].categories[[0, 1, 2, 0][k]].clone();
                    let month = if t == 0 { 9 + k } else { 2 + k };
                    let due = format!(
                        "{}-{:02}-{:02}T15:00:00.000Z",
                        if t == 0 { 2025 } else { 2026 },
                        month,
                        10 + k
                    );
                    let mut assessments =
                        json!({"points": {"title": "Points", "max_points": num(maxes[k])}});
                    if k == 3 {
                        assessments["criteria"] = json!({"title": "Criteria", "criterions": [class_id * 100 + 1, class_id * 100 + 2]});
                    }
                    let data = json!({
                        "id": task_id,
                        "name": format!("{} ({})", task_names[k], term.name.split(' ').take(2).collect::<Vec<_>>().join(" ")),
                        "notes": "",
                        "author": {"id": 1960},
                        "enable_dropbox": k % 2 == 0,
                        "draft": false,
                        "assessment_type": if k == 2 { json!({"id": 17, "kind": "summative", "name": "Summative"}) } else { json!({"id": 18, "kind": "formative", "name": "Formative"}) },
                        "category": {"id": cat["id"], "name": cat["name"]},
                        "google_drive_dropbox": false,
                        "ib_class_id": class_id,
                        "assigned_students": [],
                        "due_date": due,
                        "turnitin": k == 3,
                        "assessments": assessments,
                    });
                    school.tasks.insert(
                        task_id,
                        TaskRec {
                            class_id,
                            term_id: term.id,
                            data: as_map(data),
                            extra: Map::new(),
                        },
                    );
                    let members: Vec<i64> = school.classes[&class_id]
                        .members
                        .iter()
                        .copied()
                        .chain(school.classes[&class_id].former.iter().copied())
                        .collect();
                    for s in members {
                        let r = rng.next();
                        if r < 0.08 {
                            continue; // not graded yet
                        }
                        let pct = 0.45 + 0.55 * rng.next();
                        let score = (maxes[k] * pct).round();
                        let mut fields = Map::new();
                        fields.insert("points".into(), num(score));
                        if rng.next() < 0.3 {
                            fields.insert(
                                "comment".into(),
                                json!("Good progress; check the feedback on structure."),
                            );
                        }
                        school.results.insert((task_id, s), ResultRec { fields });
                    }
                    task_id += 1;
                }
            }
        }
        for (class_id, class) in &school.classes {
            for term in &school.terms {
                for s in class.members.iter().chain(class.former.iter()) {
                    if (s + term.id) % 4 == 0 {
                        school.term_comments.insert(
                            (*class_id, term.id, *s),
                            "Your class participation and determination to help your peers is remarkable.".into(),
                        );
                    }
                }
            }
        }
        school
    }

    /// A fresh id for a created record.
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// IB grade (1-7) for a percentage on the school's scale.
    pub fn grade_for(&self, percent: f64) -> i64 {
        let mut g = 1;
        for (i, lower) in self.scale.iter().enumerate() {
            if percent >= *lower {
                g = i as i64 + 1;
            }
        }
        g
    }

    /// The term whose dates hold `date` (`YYYY-MM-DD...`), else the first.
    pub fn term_for_date(&self, date: &str) -> i64 {
        let day = date.get(..10).unwrap_or("");
        self.terms
            .iter()
            .find(|t| t.starts.as_str() <= day && day <= t.ends.as_str())
            .or(self.terms.first())
            .map(|t| t.id)
            .unwrap_or(0)
    }

    /// Category weight of a task, from its class's categories.
    pub fn task_weight(&self, task: &TaskRec) -> f64 {
        let cat_id = task
            .data
            .get("category")
            .and_then(|c| c.get("id"))
            .and_then(Value::as_i64);
        self.classes
            .get(&task.class_id)
            .and_then(|c| {
                c.categories
                    .iter()
                    .find(|k| k.get("id").and_then(Value::as_i64) == cat_id)
            })
            .and_then(|k| k.get("weight").and_then(Value::as_f64))
            .unwrap_or(0.0)
    }

    /// A student's term average in a class: per-task percentages, categories
    /// weighted, empty categories left out.
    pub fn term_average(&self, class_id: i64, term_id: i64, student: i64) -> Option<f64> {
        let mut by_cat: BTreeMap<i64, (f64, f64, u32)> = BTreeMap::new(); // weight, sum pct, n
        for task in self
            .tasks
            .values()
            .filter(|t| t.class_id == class_id && t.term_id == term_id)
        {
            let (Some(max), Some(score)) = (
                task.max_points(),
                self.results
                    .get(&(task.id(), student))
                    .and_then(|r| r.score()),
            ) else {
                continue;
            };
            if max <= 0.0 {
                continue;
            }
            let cat = task
                .data
                .get("category")
                .and_then(|c| c.get("id"))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let e = by_cat
                .entry(cat)
                .or_insert((self.task_weight(task), 0.0, 0));
            e.1 += 100.0 * score / max;
            e.2 += 1;
        }
        let total_w: f64 = by_cat.values().map(|(w, _, _)| *w).sum();
        if by_cat.is_empty() {
            return None;
        }
        let avg = if total_w > 0.0 {
            by_cat
                .values()
                .map(|(w, s, n)| w * s / f64::from(*n))
                .sum::<f64>()
                / total_w
        } else {
            by_cat
                .values()
                .map(|(_, s, n)| s / f64::from(*n))
                .sum::<f64>()
                / by_cat.len() as f64
        };
        Some((avg * 10.0).round() / 10.0)
    }
}

/// A JSON object's map (an empty map for anything else).
pub fn as_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
