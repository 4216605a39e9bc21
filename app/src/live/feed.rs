//! The browser's end of the change stream: one EventSource per tab, opened once signed in.
//! A dropped stream (network, server restart, even a refusal) is reopened, and after any gap
//! listeners are told to refetch everything, since changes made meanwhile were not heard.
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Live {
    /// Bumped when tickets changed; `take_tickets` hands over which.
    pub tickets: RwSignal<u64>,
    queue: StoredValue<Vec<i64>>,
    /// Bumped when this user has new notifications.
    pub notices: RwSignal<u64>,
    /// Bumped when anything may have changed (the stream was down meanwhile).
    pub resyncs: RwSignal<u64>,
    pub connected: RwSignal<bool>,
    started: StoredValue<bool>,
}

impl Live {
    pub fn take_tickets(&self) -> Vec<i64> {
        self.queue
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Opens the stream (in the browser, once per tab).
    pub fn connect(&self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        #[cfg(feature = "hydrate")]
        open(*self, false);
    }
}

pub fn provide_live() -> Live {
    let live = Live {
        tickets: RwSignal::new(0),
        queue: StoredValue::new(Vec::new()),
        notices: RwSignal::new(0),
        resyncs: RwSignal::new(0),
        connected: RwSignal::new(false),
        started: StoredValue::new(false),
    };
    provide_context(live);
    live
}

pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}

#[cfg(feature = "hydrate")]
fn open(live: Live, after_gap: bool) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Ok(es) = web_sys::EventSource::new("/api/events") else {
        return;
    };
    let listen = |name: &str, f: Box<dyn FnMut(JsValue)>| {
        let c = Closure::wrap(f);
        let _ = es.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
        c.forget();
    };
    let data = |e: JsValue| {
        e.unchecked_into::<web_sys::MessageEvent>()
            .data()
            .as_string()
            .unwrap_or_default()
    };
    listen(
        "ticket",
        Box::new(move |e| {
            if let Ok(id) = data(e).parse::<i64>() {
                live.queue.update_value(|q| q.push(id));
                live.tickets.update(|n| *n += 1);
            }
        }),
    );
    listen(
        "notice",
        Box::new(move |_| live.notices.update(|n| *n += 1)),
    );
    listen(
        "resync",
        Box::new(move |_| live.resyncs.update(|n| *n += 1)),
    );
    let gap = StoredValue::new(after_gap);
    listen(
        "open",
        Box::new(move |_| {
            live.connected.set(true);
            if gap.get_value() {
                gap.set_value(false);
                live.resyncs.update(|n| *n += 1);
                live.notices.update(|n| *n += 1);
            }
        }),
    );
    let source = es.clone();
    listen(
        "error",
        Box::new(move |_| {
            live.connected.set(false);
            gap.set_value(true);
            // The browser retries a dropped stream itself, but gives up on a refusal
            // (e.g. a 502 while the server restarts): then reopen it ourselves.
            if source.ready_state() == web_sys::EventSource::CLOSED {
                set_timeout(move || open(live, true), std::time::Duration::from_secs(3));
            }
        }),
    );
}
