//! The workflow of events as data: states, actions, who may take each action and what it
//! does. Two presets ship: [`Workflow::five_step`], the grid's own loop, and
//! [`Workflow::tianque`], with the codes of the Tianque grid platform.
//!
//! ```
//! use quanyu::events::Workflow;
//!
//! let flow = Workflow::tianque();
//! assert_eq!(flow.state(flow.initial).unwrap().name, "new");
//! let accept = flow.action("61").unwrap();
//! assert_eq!(accept.name, "accept");
//! assert_eq!(flow.action("accept").unwrap().code, 61);
//! ```

use serde::{Deserialize, Serialize};

use crate::schema::{Enum, Record};
use crate::{Error, Problem, Result};

/// How a state counts for the deadlines: the clock runs, is paused, or has stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "phase")]
pub enum Phase {
    /// 办理中 — open: the clock runs.
    #[named(zh = "办理中")]
    Open,
    /// 暂停 — waiting on someone outside the grid (the resident): the clock stops until the
    /// event leaves the state.
    #[named(zh = "暂停")]
    Paused,
    /// 结束 — closed: nothing is due any more.
    #[named(zh = "结束")]
    Done,
}

/// What an action does to an event, beyond moving it to its next state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "effect")]
pub enum Effect {
    /// Only the state changes.
    #[named(zh = "无")]
    Nothing,
    /// 受理 — the event is accepted: the acceptance clock stops.
    #[named(zh = "受理")]
    Accept,
    /// 分派 — the target becomes the handler.
    #[named(zh = "分派")]
    Assign,
    /// 上报 — the event moves one level up the unit tree; the handler is cleared.
    #[named(zh = "上报")]
    ReportUp,
    /// 退回 — the event goes back one level down (when it was escalated) and loses its handler.
    #[named(zh = "退回")]
    SendBack,
    /// 黄牌 — a yellow card given by hand.
    #[named(zh = "黄牌")]
    YellowCard,
    /// 红牌 — a red card given by hand; the event escalates.
    #[named(zh = "红牌")]
    RedCard,
    /// 办结 — the event is handled: the handling clock stops.
    #[named(zh = "办结")]
    Handle,
    /// 验证 — the handling is verified.
    #[named(zh = "验证")]
    Verify,
    /// 重办 — handling starts again (a failed verification, a dissatisfied resident).
    #[named(zh = "重办")]
    Reopen,
    /// 吹哨 — the targets (organisations) are summoned and must report in.
    #[named(zh = "吹哨")]
    Whistle,
    /// 报到 — a summoned organisation reports in.
    #[named(zh = "报到")]
    ReportIn,
    /// 关闭 — the event is closed.
    #[named(zh = "关闭")]
    Close,
    /// 合并 — the event is a duplicate of the target event, which handles both reports.
    #[named(zh = "合并")]
    MergeInto,
    /// 并入 — the report named by the target joins this event as one of its sources.
    #[named(zh = "并入")]
    Absorb,
}

/// Who may take an action, decided by the posts active on the day of the transition at the
/// event's grid or a unit above it. Escalation brings the units above in (their office may
/// act); it does not take the event out of its grid's hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "actor")]
pub enum Who {
    /// Any person of the network.
    #[named(zh = "任何人")]
    Anyone,
    /// 网格员 — a grid worker post at the event's grid or above.
    #[named(zh = "网格员")]
    GridWorker,
    /// 网格长 — a grid leader post at the event's unit or above.
    #[named(zh = "网格长")]
    GridLeader,
    /// 支部书记 — a secretary post at an organisation anchored on the event's unit or above.
    #[named(zh = "支部书记")]
    BranchSecretary,
    /// 街道办 — an officer post (机关干部) at the event's unit or above: the community or
    /// subdistrict office.
    #[named(zh = "街道办", alias = "机关干部")]
    Office,
    /// 承办人 — the handler assigned, or a post holder of the organisation assigned.
    #[named(zh = "承办人")]
    Handler,
    /// 被召集单位 — a post holder of an organisation summoned by a whistle, reporting in for it.
    #[named(zh = "被召集单位")]
    Summoned,
}

/// A state of a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "code")]
pub struct StateDef {
    /// The state's code (`120`).
    pub code: u32,
    /// Its name (`"in_progress"`).
    pub name: String,
    /// Its Chinese name (`"办理中"`).
    pub zh: String,
    /// How the state counts for the deadlines.
    pub phase: Phase,
}

/// An action of a workflow: from which states, to which, by whom, doing what.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "code")]
pub struct ActionDef {
    /// The action's code (`61`).
    pub code: u32,
    /// Its name (`"accept"`).
    pub name: String,
    /// Its Chinese name (`"受理"`).
    pub zh: String,
    /// The states it may be taken from; empty for every open or paused state.
    pub from_states: Vec<u32>,
    /// The state it leads to; `None` to stay.
    pub to_state: Option<u32>,
    /// What it does.
    pub effect: Effect,
    /// Who may take it (any of them).
    pub who: Vec<Who>,
}

/// A workflow: states, the state a new event starts in, and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    /// The workflow's name (`"five_step"`).
    pub name: String,
    /// The code of the state a new event starts in.
    pub initial: u32,
    /// The states.
    pub states: Vec<StateDef>,
    /// The actions.
    pub actions: Vec<ActionDef>,
}

fn state(code: u32, name: &str, zh: &str, phase: Phase) -> StateDef {
    StateDef {
        code,
        name: name.to_owned(),
        zh: zh.to_owned(),
        phase,
    }
}

fn action(
    code: u32,
    name: &str,
    zh: &str,
    (from, to): (&[u32], Option<u32>),
    effect: Effect,
    who: &[Who],
) -> ActionDef {
    ActionDef {
        code,
        name: name.to_owned(),
        zh: zh.to_owned(),
        from_states: from.to_vec(),
        to_state: to,
        effect,
        who: who.to_vec(),
    }
}

impl Workflow {
    /// The grid's loop (五步闭环): 信息收集 collect → 问题发现 discover → 任务分办 dispatch →
    /// 协同处置 handle together → 结果反馈 feed back, with pauses while waiting for the
    /// resident, report-up, send-back, whistle and cards.
    ///
    /// ```
    /// let flow = quanyu::events::Workflow::five_step();
    /// assert_eq!(flow.states.len(), 8);
    /// assert_eq!(flow.action("dispatch").unwrap().zh, "任务分办");
    /// ```
    pub fn five_step() -> Workflow {
        use Effect as E;
        use Who as W;
        let grid = [W::GridWorker, W::GridLeader, W::Office];
        let leaders = [W::GridLeader, W::BranchSecretary, W::Office];
        Workflow {
            name: "five_step".to_owned(),
            initial: 10,
            states: vec![
                state(10, "collected", "信息收集", Phase::Open),
                state(20, "discovered", "问题发现", Phase::Open),
                state(30, "dispatched", "任务分办", Phase::Open),
                state(40, "handling", "协同处置", Phase::Open),
                state(45, "waiting", "等待群众", Phase::Paused),
                state(50, "handled", "处置完成", Phase::Open),
                state(60, "closed", "结果反馈", Phase::Done),
                state(70, "merged", "已合并", Phase::Done),
            ],
            actions: vec![
                action(
                    1,
                    "discover",
                    "问题发现",
                    (&[10], Some(20)),
                    E::Accept,
                    &grid,
                ),
                action(
                    2,
                    "dispatch",
                    "任务分办",
                    (&[20], Some(30)),
                    E::Assign,
                    &leaders,
                ),
                action(
                    3,
                    "take",
                    "接单",
                    (&[30], Some(40)),
                    E::Nothing,
                    &[W::Handler],
                ),
                action(
                    4,
                    "wait",
                    "等待群众",
                    (&[40], Some(45)),
                    E::Nothing,
                    &[W::Handler],
                ),
                action(
                    5,
                    "resume",
                    "继续处置",
                    (&[45], Some(40)),
                    E::Nothing,
                    &[W::Handler],
                ),
                action(
                    6,
                    "complete",
                    "协同处置",
                    (&[40], Some(50)),
                    E::Handle,
                    &[W::Handler],
                ),
                action(
                    7,
                    "feed_back",
                    "结果反馈",
                    (&[50], Some(60)),
                    E::Close,
                    &grid,
                ),
                action(
                    8,
                    "send_back",
                    "退回",
                    (&[30, 40], Some(20)),
                    E::SendBack,
                    &[W::Handler],
                ),
                action(
                    9,
                    "report_up",
                    "上报",
                    (&[10, 20, 30, 40], Some(20)),
                    E::ReportUp,
                    &[
                        W::GridWorker,
                        W::GridLeader,
                        W::BranchSecretary,
                        W::Office,
                        W::Handler,
                    ],
                ),
                action(10, "whistle", "吹哨", (&[], None), E::Whistle, &leaders),
                action(
                    11,
                    "report_in",
                    "报到",
                    (&[], None),
                    E::ReportIn,
                    &[W::Summoned],
                ),
                action(
                    12,
                    "yellow_card",
                    "黄牌",
                    (&[], None),
                    E::YellowCard,
                    &[W::Office],
                ),
                action(
                    13,
                    "red_card",
                    "红牌",
                    (&[], None),
                    E::RedCard,
                    &[W::Office],
                ),
                action(14, "reopen", "重办", (&[50], Some(40)), E::Reopen, &grid),
                action(
                    15,
                    "merge_into",
                    "合并",
                    (&[10, 20, 30, 40, 45], Some(70)),
                    E::MergeInto,
                    &grid,
                ),
                action(16, "absorb", "并入", (&[], None), E::Absorb, &grid),
            ],
        }
    }

    /// The workflow of the Tianque grid platform, with its documented codes: states 100 new,
    /// 110 awaiting acceptance, 120 in progress, 140 unread, 500 step complete, 800 awaiting
    /// verification, 900 failed, 1000 verified, 1100 filed; actions 21 assign, 41 report up,
    /// 61 accept, 83 yellow card, 86 red card, 200 send back. The steps the platform does not
    /// number here carry codes of quanyu's own: 31 complete, 51 submit, 71 pass, 72 fail,
    /// 91 file, 10 whistle, 11 report in, 92 merge into, 93 absorb, and state 1200 merged.
    ///
    /// ```
    /// let flow = quanyu::events::Workflow::tianque();
    /// assert_eq!(flow.action("assign").unwrap().code, 21);
    /// assert_eq!(flow.state(1100).unwrap().name, "filed");
    /// ```
    pub fn tianque() -> Workflow {
        use Effect as E;
        use Who as W;
        let checkers = [W::GridWorker, W::GridLeader, W::Office];
        Workflow {
            name: "tianque".to_owned(),
            initial: 100,
            states: vec![
                state(100, "new", "新建", Phase::Open),
                state(110, "awaiting_acceptance", "待受理", Phase::Open),
                state(120, "in_progress", "办理中", Phase::Open),
                state(140, "unread", "未读", Phase::Open),
                state(500, "step_complete", "阶段办结", Phase::Open),
                state(800, "awaiting_verification", "待验证", Phase::Open),
                state(900, "failed", "验证未通过", Phase::Open),
                state(1000, "verified", "已验证", Phase::Open),
                state(1100, "filed", "归档", Phase::Done),
                state(1200, "merged", "已合并", Phase::Done),
            ],
            actions: vec![
                action(
                    21,
                    "assign",
                    "交办",
                    (&[100, 110, 900], Some(140)),
                    E::Assign,
                    &[W::GridLeader, W::BranchSecretary, W::Office],
                ),
                action(
                    41,
                    "report_up",
                    "上报",
                    (&[100, 120, 140], Some(110)),
                    E::ReportUp,
                    &[W::GridWorker, W::GridLeader, W::Handler, W::Office],
                ),
                action(
                    61,
                    "accept",
                    "受理",
                    (&[110, 140], Some(120)),
                    E::Accept,
                    &[W::Handler, W::GridLeader, W::Office],
                ),
                action(
                    200,
                    "send_back",
                    "退回",
                    (&[110, 120, 140], Some(100)),
                    E::SendBack,
                    &[W::Handler, W::GridLeader, W::Office],
                ),
                action(
                    31,
                    "complete",
                    "办结",
                    (&[120], Some(500)),
                    E::Handle,
                    &[W::Handler],
                ),
                action(
                    51,
                    "submit",
                    "提交验证",
                    (&[500], Some(800)),
                    E::Nothing,
                    &[W::Handler, W::GridWorker, W::GridLeader, W::Office],
                ),
                action(
                    71,
                    "pass",
                    "验证通过",
                    (&[800], Some(1000)),
                    E::Verify,
                    &checkers,
                ),
                action(
                    72,
                    "fail",
                    "验证不通过",
                    (&[800], Some(900)),
                    E::Reopen,
                    &checkers,
                ),
                action(
                    91,
                    "file",
                    "归档",
                    (&[1000], Some(1100)),
                    E::Close,
                    &[W::GridLeader, W::Office],
                ),
                action(
                    10,
                    "whistle",
                    "吹哨",
                    (&[], None),
                    E::Whistle,
                    &[W::GridLeader, W::BranchSecretary, W::Office],
                ),
                action(
                    11,
                    "report_in",
                    "报到",
                    (&[], None),
                    E::ReportIn,
                    &[W::Summoned],
                ),
                action(
                    83,
                    "yellow_card",
                    "黄牌",
                    (&[], None),
                    E::YellowCard,
                    &[W::Office],
                ),
                action(
                    86,
                    "red_card",
                    "红牌",
                    (&[], None),
                    E::RedCard,
                    &[W::Office],
                ),
                action(
                    92,
                    "merge_into",
                    "合并",
                    (&[100, 110, 120, 140], Some(1200)),
                    E::MergeInto,
                    &checkers,
                ),
                action(93, "absorb", "并入", (&[], None), E::Absorb, &checkers),
            ],
        }
    }

    /// A preset by name: `"five_step"` or `"tianque"`.
    ///
    /// ```
    /// assert!(quanyu::events::Workflow::preset("tianque").is_ok());
    /// assert!(quanyu::events::Workflow::preset("nope").is_err());
    /// ```
    pub fn preset(name: &str) -> Result<Workflow> {
        match name {
            "five_step" => Ok(Workflow::five_step()),
            "tianque" => Ok(Workflow::tianque()),
            other => Err(Error::invalid_argument(
                "workflow",
                format!("`{other}` is not a preset; expected five_step or tianque"),
            )),
        }
    }

    /// The state `code`.
    pub fn state(&self, code: u32) -> Option<&StateDef> {
        self.states.iter().find(|s| s.code == code)
    }

    /// The action called `name`, or numbered `name` (`"61"`).
    pub fn action(&self, name: &str) -> Option<&ActionDef> {
        let code: Option<u32> = name.trim().parse().ok();
        self.actions
            .iter()
            .find(|a| a.name == name || a.zh == name || Some(a.code) == code)
    }

    /// Whether `action` may be taken in `state`.
    pub fn allows(&self, action: &ActionDef, state: u32) -> bool {
        if action.from_states.is_empty() {
            self.state(state).is_some_and(|s| s.phase != Phase::Done)
        } else {
            action.from_states.contains(&state)
        }
    }

    /// Checks the workflow: codes unique, every state named by an action exists, the initial
    /// state exists and is not done. Every problem is listed.
    ///
    /// ```
    /// let mut flow = quanyu::events::Workflow::five_step();
    /// assert!(flow.check().is_ok());
    /// flow.actions[0].to_state = Some(999);
    /// assert!(flow.check().unwrap_err().to_string().contains("999"));
    /// ```
    pub fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.states {
            if !seen.insert(s.code) {
                problems.push(Problem::new(
                    s.code.to_string(),
                    "code",
                    "a second state with this code",
                ));
            }
        }
        match self.state(self.initial) {
            None => problems.push(Problem::new(
                self.initial.to_string(),
                "initial",
                "the initial state is not among the states",
            )),
            Some(s) if s.phase == Phase::Done => problems.push(Problem::new(
                self.initial.to_string(),
                "initial",
                "the initial state is a done state",
            )),
            Some(_) => {}
        }
        let mut actions = std::collections::BTreeSet::new();
        for a in &self.actions {
            if !actions.insert(a.code) {
                problems.push(Problem::new(
                    a.name.clone(),
                    "code",
                    format!("a second action numbered {}", a.code),
                ));
            }
            for &code in a.from_states.iter().chain(a.to_state.iter()) {
                if self.state(code).is_none() {
                    problems.push(Problem::new(
                        a.name.clone(),
                        if a.to_state == Some(code) {
                            "to_state"
                        } else {
                            "from_states"
                        },
                        format!("state {code} is not among the states"),
                    ));
                }
            }
            if a.who.is_empty() {
                problems.push(Problem::new(
                    a.name.clone(),
                    "who",
                    "nobody may take this action",
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(problems))
        }
    }
}
