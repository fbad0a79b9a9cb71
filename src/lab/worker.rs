//! The training pass of `Lab::step`, with a helper thread that lives as long as
//! the lab.
//!
//! A pass big enough to split (`Network::split_point`) runs its first half here and
//! its second half on the helper, exactly as `Network::loss_and_gradient_split` does
//! with a thread started per pass. Starting a thread, or waking one that sleeps,
//! costs tens of microseconds, as much as a small pass; so the two sides wait for
//! each other by polling for a moment (`POLL`) before they sleep, which in a run of
//! steps they never need to. While polling they yield the CPU to any other thread
//! that wants it (the other lab's in A/B mode, say).
//!
//! The numbers never depend on the helper: it runs the same code on the same
//! inputs, and whenever it cannot (one CPU, no thread to be had, a thread gone) this
//! side runs the second half itself.

use std::fmt;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::network::{join_halves, Network, PassResult, Workspace};
use crate::func::Func;

/// How long a side waiting for the other polls before it sleeps: longer than the
/// gap between two steps' halves, short enough not to matter once training stops.
const POLL: Duration = Duration::from_micros(50);

/// The training buffers of a lab and its helper thread, if it has one.
pub(super) struct Trainer {
    /// The first half's buffers (the whole pass's when it is not split); after a
    /// pass its gradient is the whole batch's.
    ws: Workspace,
    /// The second half's inputs and buffers, while no thread holds them.
    job: Option<Box<Job>>,
    helper: Helper,
}

enum Helper {
    /// Not needed yet: it is started by the first pass that splits.
    NotStarted,
    Running(Thread),
    /// One CPU, no thread to be had, or the thread has gone: the second half runs
    /// here.
    Unavailable,
}

/// Everything one half needs, owned, so that it can go to the helper and back.
#[derive(Default)]
struct Job {
    net: Option<Network>,
    func: Option<Func>,
    points: Vec<f64>,
    labels: Vec<f64>,
    scale: f64,
    ws: Workspace,
    result: PassResult,
    /// Makes the helper panic, for the tests of what happens then.
    #[cfg(test)]
    panic: bool,
}

impl Job {
    /// Copy in this pass's second half (reusing the buffers of the last one).
    fn load(&mut self, net: &Network, func: &Func, points: &[f64], labels: &[f64], scale: f64) {
        match &mut self.net {
            Some(mine) if mine.sizes() == net.sizes() => {
                mine.params_mut().copy_from_slice(net.params());
            }
            mine => *mine = Some(net.clone()),
        }
        if self.func.as_ref() != Some(func) {
            self.func = Some(func.clone());
        }
        self.points.clear();
        self.points.extend_from_slice(points);
        self.labels.clear();
        self.labels.extend_from_slice(labels);
        self.scale = scale;
    }

    fn run(&mut self) {
        #[cfg(test)]
        assert!(!self.panic, "a panic on the helper, as asked");
        if let (Some(net), Some(func)) = (&self.net, &self.func) {
            self.result = net.half_pass(func, &self.points, &self.labels, self.scale, &mut self.ws);
        }
    }
}

/// The helper: jobs go out on one channel and come back on the other.
struct Thread {
    /// `None` only while dropping (closing it tells the thread to finish).
    jobs: Option<Sender<Box<Job>>>,
    /// In a mutex only so that a `Lab` stays `Sync`; reached through `get_mut`, never
    /// locked.
    done: Mutex<Receiver<Box<Job>>>,
    handle: Option<JoinHandle<()>>,
}

impl Thread {
    fn start() -> Option<Thread> {
        let (jobs, inbox) = mpsc::channel::<Box<Job>>();
        let (outbox, done) = mpsc::channel::<Box<Job>>();
        let handle = std::thread::Builder::new()
            .name("acttutor-lab".into())
            .spawn(move || {
                while let Some(mut job) = wait_for(&inbox) {
                    job.run();
                    if outbox.send(job).is_err() {
                        return;
                    }
                }
            })
            .ok()?;
        Some(Thread {
            jobs: Some(jobs),
            done: Mutex::new(done),
            handle: Some(handle),
        })
    }

    /// Hand a job over; gives it back if the thread has gone.
    fn send(&mut self, job: Box<Job>) -> Result<(), Box<Job>> {
        match &self.jobs {
            Some(jobs) => jobs.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }

    /// The job back, done; `None` if the thread has gone (it panicked).
    fn receive(&mut self) -> Option<Box<Job>> {
        let done = self
            .done
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        wait_for(done)
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; it finishes any job first.
        self.jobs = None;
        if let Some(handle) = self.handle.take() {
            // A panic on the helper has already been reported by the hook.
            let _ = handle.join();
        }
    }
}

/// The next message: poll for `POLL`, then sleep until it comes. `None` once the
/// other side has gone.
fn wait_for<T>(channel: &Receiver<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        match channel.try_recv() {
            Ok(message) => return Some(message),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) if start.elapsed() < POLL => std::thread::yield_now(),
            Err(TryRecvError::Empty) => return channel.recv().ok(),
        }
    }
}

impl Trainer {
    pub(super) fn new() -> Trainer {
        Trainer {
            ws: Workspace::new(),
            job: None,
            helper: Helper::NotStarted,
        }
    }

    /// The gradient of the last pass.
    pub(super) fn grads(&self) -> &[f64] {
        self.ws.grads()
    }

    /// `net.loss_and_gradient_split` over these points, the same numbers, with the
    /// second half on the helper thread.
    pub(super) fn pass(
        &mut self,
        net: &Network,
        func: &Func,
        points: &[f64],
        labels: &[f64],
    ) -> PassResult {
        let n = labels.len();
        let Some(half) = net.split_point(n) else {
            return net.loss_and_gradient(func, points, labels, &mut self.ws);
        };
        let scale = 1.0 / n as f64;
        let (points_a, points_b) = points.split_at(2 * half);
        let (labels_a, labels_b) = labels.split_at(half);
        let mut job = self.job.take().unwrap_or_default();
        job.load(net, func, points_b, labels_b, scale);
        // The job, if it stays here.
        let kept = match self.helper() {
            Some(thread) => thread.send(job).err(),
            None => Some(job),
        };
        let a = net.half_pass(func, points_a, labels_a, scale, &mut self.ws);
        let job = match kept {
            Some(mut job) => {
                if matches!(self.helper, Helper::Running(_)) {
                    // It could not be sent: the thread has gone.
                    self.helper = Helper::Unavailable;
                }
                job.run();
                job
            }
            None => self.collect(net, func, points_b, labels_b, scale),
        };
        let result = join_halves(&mut self.ws, &job.ws, a, job.result, n);
        self.job = Some(job);
        result
    }

    /// The helper's job back, or, if the helper has gone with it, the same half run
    /// here.
    fn collect(
        &mut self,
        net: &Network,
        func: &Func,
        points: &[f64],
        labels: &[f64],
        scale: f64,
    ) -> Box<Job> {
        if let Helper::Running(thread) = &mut self.helper {
            if let Some(job) = thread.receive() {
                return job;
            }
        }
        self.helper = Helper::Unavailable;
        let mut job = Box::<Job>::default();
        job.load(net, func, points, labels, scale);
        job.run();
        job
    }

    /// The running helper, started on first use; `None` when there is none to be had.
    fn helper(&mut self) -> Option<&mut Thread> {
        if let Helper::NotStarted = self.helper {
            let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
            self.helper = match (cpus > 1).then(Thread::start).flatten() {
                Some(thread) => Helper::Running(thread),
                None => Helper::Unavailable,
            };
        }
        match &mut self.helper {
            Helper::Running(thread) => Some(thread),
            _ => None,
        }
    }
}

/// A copy trains with fresh buffers and starts its own helper when it needs one.
impl Clone for Trainer {
    fn clone(&self) -> Trainer {
        Trainer::new()
    }
}

impl fmt::Debug for Trainer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let helper = match self.helper {
            Helper::NotStarted => "not started",
            Helper::Running(_) => "running",
            Helper::Unavailable => "unavailable",
        };
        f.debug_struct("Trainer").field("helper", &helper).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::find;
    use crate::lab::network::Init;
    use crate::lab::Rng;

    fn setup(n: usize) -> (Network, Func, Vec<f64>, Vec<f64>) {
        let mut rng = Rng::new(4);
        let net = Network::new(&[32, 32], Init::He, 1.0, &mut rng);
        let points: Vec<f64> = (0..2 * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let labels: Vec<f64> = (0..n).map(|i| (i % 2) as f64).collect();
        (
            net,
            find("tanh").unwrap().configured().into(),
            points,
            labels,
        )
    }

    /// The helper, no helper and a thread per pass give the same numbers, bit for
    /// bit, step after step.
    #[test]
    fn the_helper_changes_no_number() {
        let (net, func, points, labels) = setup(601);
        assert!(net.split_point(601).is_some());
        let mut helped = Trainer::new();
        let mut alone = Trainer::new();
        alone.helper = Helper::Unavailable;
        let mut per_pass = [Workspace::new(), Workspace::new()];
        let (mut a, mut b) = (net.clone(), net.clone());
        for step in 0..5 {
            let x = helped.pass(&a, &func, &points, &labels);
            let y = alone.pass(&b, &func, &points, &labels);
            let z = a.loss_and_gradient_split(&func, &points, &labels, &mut per_pass);
            assert_eq!(x, y, "step {step}");
            assert_eq!(x, z, "step {step}");
            assert_eq!(helped.grads(), alone.grads(), "step {step}");
            assert_eq!(helped.grads(), per_pass[0].grads(), "step {step}");
            a.descend(helped.grads(), 0.1);
            b.descend(alone.grads(), 0.1);
        }
        assert!(matches!(helped.helper, Helper::Running(_)));
        assert_eq!(a, b);
    }

    /// A pass too small to split stays on this thread and starts no helper.
    #[test]
    fn small_passes_start_no_thread() {
        let (net, func, points, labels) = setup(100);
        assert!(net.split_point(100).is_none());
        let mut trainer = Trainer::new();
        let mut ws = Workspace::new();
        let x = trainer.pass(&net, &func, &points, &labels);
        assert_eq!(x, net.loss_and_gradient(&func, &points, &labels, &mut ws));
        assert_eq!(trainer.grads(), ws.grads());
        assert!(matches!(trainer.helper, Helper::NotStarted));
    }

    /// When the helper has gone, the second half runs here: same numbers, no panic,
    /// no wait.
    #[test]
    fn a_gone_helper_is_replaced_by_this_thread() {
        let (net, func, points, labels) = setup(601);
        let mut reference = Trainer::new();
        reference.helper = Helper::Unavailable;
        let expected = reference.pass(&net, &func, &points, &labels);

        // The channel to it closed: the job cannot be sent.
        let mut trainer = Trainer::new();
        trainer.pass(&net, &func, &points, &labels);
        if let Helper::Running(thread) = &mut trainer.helper {
            thread.jobs = None;
        }
        assert_eq!(trainer.pass(&net, &func, &points, &labels), expected);
        assert_eq!(trainer.grads(), reference.grads());
        assert!(matches!(trainer.helper, Helper::Unavailable));

        // The thread gone with a job (it panicked): the half is run here.
        let mut trainer = Trainer::new();
        trainer.pass(&net, &func, &points, &labels);
        if let Some(job) = &mut trainer.job {
            job.panic = true;
        }
        assert_eq!(trainer.pass(&net, &func, &points, &labels), expected);
        assert_eq!(trainer.grads(), reference.grads());
        assert!(matches!(trainer.helper, Helper::Unavailable));
        assert!(!trainer.job.as_ref().unwrap().panic, "a fresh job");
    }

    #[test]
    fn a_lab_stays_send_and_sync() {
        fn both<T: Send + Sync>() {}
        both::<crate::lab::Lab>();
    }

    #[test]
    fn a_copy_starts_afresh() {
        let (net, func, points, labels) = setup(601);
        let mut trainer = Trainer::new();
        trainer.pass(&net, &func, &points, &labels);
        let copy = trainer.clone();
        assert!(matches!(copy.helper, Helper::NotStarted));
        assert_eq!(format!("{trainer:?}"), "Trainer { helper: \"running\" }");
    }
}
