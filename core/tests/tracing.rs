//! The client's events reach `tracing` (target `gradebridge`: requests at DEBUG,
//! retries at WARN). Its own test binary: `tracing` caches each callsite's interest
//! process-wide, so a test without a subscriber running first would hide them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gradebridge::client::ManageBacClient;
use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig};

/// A `tracing` subscriber that keeps each event's level, target and message.
struct Recorder(Arc<Mutex<Vec<(tracing::Level, String, String)>>>);

struct Message(String);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut m = Message(String::new());
        event.record(&mut m);
        let meta = event.metadata();
        self.0
            .lock()
            .unwrap()
            .push((*meta.level(), meta.target().to_string(), m.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn events_go_to_tracing() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let _guard = tracing::subscriber::set_default(Recorder(lines.clone()));
    let mb = ManageBacClient::builder(sb.token())
        .base_url(sb.url())
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    sb.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    });
    mb.get_class(1001).await.unwrap();
    let ours: Vec<(tracing::Level, String)> = lines
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, target, _)| target == "gradebridge")
        .map(|(l, _, m)| (*l, m.clone()))
        .collect();
    assert_eq!(
        ours.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        vec![
            tracing::Level::DEBUG,
            tracing::Level::WARN,
            tracing::Level::DEBUG
        ]
    );
    assert!(ours[1].1.contains("503 on attempt 1; retrying"), "{ours:?}");
    assert!(ours.iter().all(|(_, m)| !m.contains(sb.token())));
}
