use super::*;
use crate::domain::dispatch::BasisRule;
use proptest::prelude::*;

const DUE: Deadlines = Deadlines {
    sign_due_at: 1_000,
    resolve_due_at: 5_000,
    callback_due_at: 9_000,
};

fn target(dept: i64) -> Target {
    Target {
        department_id: dept,
        department: "城管".into(),
        handler: Some((7, "李四".into())),
        basis: Basis {
            rule: BasisRule::FewestOpen,
            catalogue: Some("complaint/noise".into()),
            open_count: Some(3),
            eligible: Some(2),
        },
    }
}

fn actor(id: i64, roles: &[Role], depts: &[i64]) -> Actor {
    Actor {
        id,
        roles: roles.to_vec(),
        clearance: Clearance::Internal,
        departments: depts.to_vec(),
    }
}

fn access(state: State, dept: Option<i64>) -> Access {
    Access {
        state,
        department_id: dept,
        handler_id: None,
        registered_by: 1,
        confidentiality: Clearance::Internal,
        supervised: false,
        extension_pending: false,
        correction_pending: false,
    }
}

fn callback(outcome: CallbackOutcome) -> Command {
    Command::Callback {
        outcome,
        told: "已处理".into(),
        reason: String::new(),
        next_step: String::new(),
    }
}

#[test]
fn the_whole_road_with_one_redo() {
    let mut p = Progress::default();
    let run = |p: &mut Progress, c: Command| apply(p, c, 100, DUE).unwrap();
    run(
        &mut p,
        Command::Assign {
            target: target(3),
            reason: None,
        },
    );
    assert_eq!(
        (p.state(), p.department_id, p.handler_id),
        (State::Assigned, Some(3), Some(7))
    );
    assert_eq!(
        (p.first_department_id, p.sign_due_at),
        (Some(3), Some(1_000))
    );
    run(&mut p, Command::SignFor { handler: None });
    assert_eq!(p.state(), State::InProgress);
    run(
        &mut p,
        Command::Resolve {
            result: "已整改".into(),
        },
    );
    assert_eq!(
        (p.state(), p.callback_due_at),
        (State::Resolved, Some(9_000))
    );
    let ev = run(&mut p, callback(CallbackOutcome::Unsatisfied));
    assert_eq!(ev.len(), 2, "callback and redo");
    assert_eq!(
        (p.state(), p.redo_count, p.department_id),
        (State::InProgress, 1, Some(3))
    );
    assert_eq!(p.resolved_at, None, "a redo reopens the ticket");
    run(
        &mut p,
        Command::Resolve {
            result: "再次整改".into(),
        },
    );
    run(&mut p, callback(CallbackOutcome::Satisfied));
    assert_eq!(
        (p.state(), p.close_outcome.as_str()),
        (State::Closed, "satisfied")
    );
    run(
        &mut p,
        Command::Archive {
            confidentiality: Clearance::Confidential,
            automatic: false,
        },
    );
    assert_eq!(
        (p.state(), p.confidentiality),
        (State::Archived, Clearance::Confidential)
    );
}

#[test]
fn three_unreachable_attempts_close() {
    let mut p = Progress {
        state: Some(State::Resolved),
        ..Default::default()
    };
    for attempt in 1..=3 {
        apply(&mut p, callback(CallbackOutcome::Unreachable), 1, DUE).unwrap();
        assert_eq!(p.callback_attempts, attempt);
        let expected = if attempt < 3 {
            State::Resolved
        } else {
            State::Closed
        };
        assert_eq!(p.state(), expected, "attempt {attempt}");
    }
    assert_eq!(p.close_outcome, "unreachable");
}

#[test]
fn extensions_must_be_later_and_decided_once() {
    let mut p = Progress {
        state: Some(State::InProgress),
        resolve_due_at: Some(5_000),
        ..Default::default()
    };
    let ask = |due| Command::RequestExtension {
        request_id: 1,
        proposed_due_at: due,
        reason: "需现场".into(),
    };
    assert_eq!(apply(&mut p, ask(4_000), 1, DUE), Err(Rejection::NotLater));
    assert!(!p.extension_pending);
    apply(&mut p, ask(8_000), 1, DUE).unwrap();
    assert_eq!(
        apply(&mut p, ask(9_000), 1, DUE),
        Err(Rejection::IllegalTransition)
    );
    let decide = Command::DecideExtension {
        request_id: 1,
        proposed_due_at: 8_000,
        approve: true,
        note: String::new(),
    };
    apply(&mut p, decide.clone(), 2, DUE).unwrap();
    assert_eq!(
        (p.resolve_due_at, p.extension_pending),
        (Some(8_000), false)
    );
    assert_eq!(
        apply(&mut p, decide, 3, DUE),
        Err(Rejection::IllegalTransition)
    );
}

#[test]
fn return_clears_the_department_and_counts() {
    let mut p = Progress::default();
    apply(
        &mut p,
        Command::Assign {
            target: target(3),
            reason: None,
        },
        1,
        DUE,
    )
    .unwrap();
    apply(
        &mut p,
        Command::Return {
            reason: "不属本部门".into(),
        },
        2,
        DUE,
    )
    .unwrap();
    assert_eq!(
        (p.state(), p.department_id, p.return_count),
        (State::Registered, None, 1)
    );
    assert_eq!(
        p.first_department_id,
        Some(3),
        "the first department is kept for reports"
    );
}

#[test]
fn rights_follow_roles_departments_and_clearance() {
    let handler_a = actor(7, &[Role::Handler], &[3]);
    let handler_b = actor(8, &[Role::Handler], &[4]);
    let lead_a = actor(9, &[Role::DeptLead], &[2, 3]);
    let supervisor = actor(10, &[Role::Supervisor], &[1]);
    let agent = actor(1, &[Role::Agent], &[1]);
    let other_agent = actor(2, &[Role::Agent], &[1]);
    let t = access(State::Assigned, Some(3));
    assert!(may(&handler_a, &t, ActionKind::SignFor));
    assert!(!can_view(&handler_b, &t) && !may(&handler_b, &t, ActionKind::SignFor));
    assert!(
        may(&lead_a, &t, ActionKind::SignFor),
        "leads see their sections"
    );
    assert!(!may(&handler_a, &t, ActionKind::Reassign));
    assert!(may(&supervisor, &t, ActionKind::Reassign) && may(&supervisor, &t, ActionKind::Urge));
    assert!(can_view(&agent, &t) && !can_view(&other_agent, &t));
    assert!(!may(&handler_a, &t, ActionKind::RevealPii));
    assert!(may(&agent, &t, ActionKind::RevealPii));
    let resolved = access(State::Resolved, Some(3));
    assert!(
        may(&other_agent, &resolved, ActionKind::Callback),
        "the callback queue is shared"
    );
    let mut secret = t.clone();
    secret.confidentiality = Clearance::Secret;
    assert!(!can_view(&supervisor, &secret), "clearance beats role");
    let mut someone_elses = t.clone();
    someone_elses.handler_id = Some(99);
    assert!(!may(&handler_a, &someone_elses, ActionKind::SignFor));
    assert!(may(&lead_a, &someone_elses, ActionKind::SignFor));
}

fn any_state() -> impl Strategy<Value = State> {
    prop::sample::select(State::ALL.to_vec())
}

fn any_command() -> impl Strategy<Value = Command> {
    let outcome = prop::sample::select(CallbackOutcome::ALL.to_vec());
    prop_oneof![
        Just(Command::Assign {
            target: target(3),
            reason: None
        }),
        Just(Command::SignFor { handler: None }),
        Just(Command::Return { reason: "r".into() }),
        (0i64..20_000).prop_map(|d| Command::RequestExtension {
            request_id: 1,
            proposed_due_at: d,
            reason: "r".into()
        }),
        any::<bool>().prop_map(|a| Command::DecideExtension {
            request_id: 1,
            proposed_due_at: 7_000,
            approve: a,
            note: String::new()
        }),
        Just(Command::Urge { note: "n".into() }),
        Just(Command::Supervise { note: "n".into() }),
        Just(Command::AddNote {
            text: "t".into(),
            caller_facing: false
        }),
        Just(Command::Resolve { result: "r".into() }),
        outcome.prop_map(callback),
        Just(Command::Archive {
            confidentiality: Clearance::Internal,
            automatic: true
        }),
        Just(Command::DirectAnswer { answer: "a".into() }),
        Just(Command::RevealPii),
        Just(Command::LinkCall { note: "n".into() }),
    ]
}

proptest! {
    /// Whatever is tried in whatever order: every state reached is reachable by a legal
    /// transition, a rejected command changes nothing, archived tickets never change.
    #[test]
    fn random_command_sequences_keep_the_machine_legal(cmds in prop::collection::vec(any_command(), 1..40)) {
        let mut p = Progress::default();
        for (i, cmd) in cmds.into_iter().enumerate() {
            let before = p.clone();
            match apply(&mut p, cmd, i as i64 * 10, DUE) {
                Ok(events) => {
                    prop_assert!(!events.is_empty());
                    let (from, to) = (before.state(), p.state());
                    prop_assert!(from == to || Transition::ALL.iter().any(|t| next_state(from, *t) == Some(to))
                        || (from == State::Resolved && to == State::InProgress),
                        "{from:?} -> {to:?}");
                    let only_a_look = matches!(events[0], EventData::PiiViewed {});
                    prop_assert!(before.state() != State::Archived || only_a_look);
                }
                Err(_) => prop_assert_eq!(&before, &p),
            }
            prop_assert!(p.redo_count >= before.redo_count && p.return_count >= before.return_count);
        }
    }

    /// Archived is the end: no transition leaves it, and none leaves any state to `registered`
    /// except a return.
    #[test]
    fn transitions_respect_the_map(from in any_state()) {
        prop_assert!(Transition::ALL.iter().all(|t| next_state(State::Archived, *t).is_none()));
        for t in Transition::ALL {
            if next_state(from, t) == Some(State::Registered) {
                prop_assert_eq!(t, Transition::Return);
            }
        }
    }

    /// The page offers only what the machine accepts: an action `may` allows never meets an
    /// illegal-state rejection.
    #[test]
    fn allowed_actions_are_legal(state in any_state(), roles in prop::sample::subsequence(Role::ALL.to_vec(), 1..3),
                                 pending in any::<bool>(), supervised in any::<bool>()) {
        let a = actor(7, &roles, &[3]);
        let mut t = access(state, Some(3));
        t.extension_pending = pending;
        t.supervised = supervised;
        let p = Progress { state: Some(state), extension_pending: pending, supervised, resolve_due_at: Some(5_000), ..Default::default() };
        for action in available_actions(&a, &t) {
            let cmd = match action {
                ActionKind::Assign | ActionKind::Reassign => Command::Assign { target: target(3), reason: None },
                ActionKind::SignFor => Command::SignFor { handler: None },
                ActionKind::Return => Command::Return { reason: "r".into() },
                ActionKind::RequestExtension => Command::RequestExtension { request_id: 1, proposed_due_at: 6_000, reason: "r".into() },
                ActionKind::DecideExtension => Command::DecideExtension { request_id: 1, proposed_due_at: 6_000, approve: true, note: String::new() },
                ActionKind::Urge => Command::Urge { note: "n".into() },
                ActionKind::Supervise => Command::Supervise { note: "n".into() },
                ActionKind::AddNote => Command::AddNote { text: "t".into(), caller_facing: true },
                ActionKind::Resolve => Command::Resolve { result: "r".into() },
                ActionKind::Callback => callback(CallbackOutcome::Satisfied),
                ActionKind::Archive => Command::Archive { confidentiality: Clearance::Public, automatic: false },
                ActionKind::RevealPii => Command::RevealPii,
                ActionKind::LinkCall => Command::LinkCall { note: "n".into() },
                ActionKind::RequestCorrection | ActionKind::DecideCorrection => continue,
            };
            let mut q = p.clone();
            prop_assert!(apply(&mut q, cmd, 1, DUE).is_ok(), "{action:?} in {state:?}");
        }
    }
}
