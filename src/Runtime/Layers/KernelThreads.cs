using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SymbolicGd.Layers;

/// <summary>
/// The threads that share the products of a mini-batch (<see cref="PackedProduct"/>): how many the calling thread may
/// use, and a small pool of worker threads that run the parts of one product at a time.
/// </summary>
/// <remarks>
/// <para>
/// The limit belongs to the calling thread and lasts for a scope (<see cref="Limit"/>): <see cref="Trainer"/> sets it
/// from <see cref="TrainingOptions.MaxDegreeOfParallelism"/> for the length of a run, so two runs on two threads (as a
/// parallel test run has) never see each other's setting. Outside such a scope the limit is automatic.
/// </para>
/// <para>
/// The pool serves one product at a time. A product's parts are claimed one by one from a counter by the calling
/// thread and the woken workers alike, so a worker that the operating system wakes late (a busy machine) costs
/// nothing: the calling thread takes its part. A caller that finds the pool serving another thread's product computes
/// its product alone, and the automatic setting backs off to one thread for a while after a split that turned out
/// slower than one thread (a worker that lost its core mid-part on a busy machine). None of this changes a bit of the
/// result, since every element is the same computation whoever runs it. Dispatching allocates nothing: the job is a
/// struct in a static field and the work a function pointer.
/// </para>
/// </remarks>
internal static unsafe class KernelThreads
{
    /// <summary>The most threads one product uses, whatever is asked: beyond it a part is too small to be worth a thread.</summary>
    internal const int MaxThreads = 64;

    /// <summary>How many automatic products run on one thread after a split that was slower than one thread.</summary>
    private const int BackOffProducts = 128;

    /// <summary>
    /// How long a worker looks for the next product before it sleeps: the gaps between the products of one batch
    /// (activations, the loss) are shorter. 1 ms, to outlast the optimizer's step between batches, measured slower on
    /// a shared machine (the yielding worker still competes for the cores).
    /// </summary>
    private const long SpinMicroseconds = 200;

    /// <summary>The calling thread's limit: 0 for automatic, else the most threads a product may use.</summary>
    [ThreadStatic]
    private static int t_limit;

    private static ManualResetEventSlim[] s_wake = [];
    private static int s_busy;
    private static delegate*<in ProductJob, int, void> s_run;
    private static ProductJob s_job;
    private static int s_parts;

    /// <summary>(generation &lt;&lt; 32) | the next unclaimed part: a claim is valid only in the generation it was made in.</summary>
    private static long s_claims;
    private static int s_completed;
    private static long s_partsRunByWorkers;

    /// <summary>The automatic products left to run on one thread after a split that did not pay.</summary>
    private static int s_backOff;

    /// <summary>Automatic splits in a row that were slower than one thread (read and written only by the pool's holder).</summary>
    private static int s_slowSplits;
    private static Exception? s_failure;

    /// <summary>The number of split products the pool has run since the process started (a product run alone is not counted).</summary>
    internal static long SplitProductsRun => Volatile.Read(ref s_claims) >> 32;

    /// <summary>The parts of split products that workers (not the calling threads) have run since the process started.</summary>
    internal static long PartsRunByWorkers => Volatile.Read(ref s_partsRunByWorkers);

    /// <summary>The calling thread's limit: <see langword="null"/> for automatic.</summary>
    public static int? Current => t_limit == 0 ? null : t_limit;

    /// <summary>Sets the calling thread's limit until the returned scope is disposed (<see langword="null"/>: automatic).</summary>
    public static Scope Limit(int? maxDegreeOfParallelism)
    {
        int previous = t_limit;
        t_limit = maxDegreeOfParallelism is int limit ? Math.Clamp(limit, 1, MaxThreads) : 0;
        return new Scope(previous);
    }

    /// <summary>
    /// How many threads a product of <paramref name="work"/> multiply-adds, divisible into <paramref name="units"/>
    /// parts, uses under the calling thread's limit. Automatic: one thread per <paramref name="workPerThread"/>
    /// multiply-adds, at most one per core.
    /// </summary>
    public static int ThreadsFor(long work, int units, long workPerThread)
    {
        int limit = t_limit;
        int threads = limit != 0 ? limit : (int)Math.Min(Environment.ProcessorCount, Math.Max(1, work / workPerThread));
        return Math.Clamp(Math.Min(threads, units), 1, MaxThreads);
    }

    /// <summary>
    /// Whether a product that the limit lets use several threads should try: always under an explicit limit; under
    /// the automatic one, not while backing off after a split that was slower than one thread would have been.
    /// </summary>
    public static bool ShouldSplit()
    {
        if (t_limit != 0 || Volatile.Read(ref s_backOff) <= 0)
        {
            return true;
        }

        Interlocked.Decrement(ref s_backOff);
        return false;
    }

    /// <summary>
    /// Runs <c>run(job, part)</c> for every part 0 … parts − 1, on the calling thread and up to parts − 1 workers, and
    /// returns true when all are done; returns false at once, having run nothing, when the pool is serving another
    /// thread's product (the caller then computes its product alone).
    /// </summary>
    public static bool TryRun(delegate*<in ProductJob, int, void> run, in ProductJob job, int parts)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            EnsureWorkers(parts - 1);
            s_run = run;
            s_job = job;
            s_parts = parts;
            s_failure = null;
            Volatile.Write(ref s_completed, 0);

            // Publishing the new generation with part 0 unclaimed releases the job to the workers' claims.
            long generation = (Volatile.Read(ref s_claims) >> 32) + 1;
            Interlocked.Exchange(ref s_claims, generation << 32);
            for (int w = 0; w < parts - 1; w++)
            {
                s_wake[w].Set();
            }

            long start = Stopwatch.GetTimestamp();
            int mine = RunClaimed(generation, worker: false);
            long own = Stopwatch.GetTimestamp() - start;

            // The parts left are running on workers that are awake: wait without sleeping a whole time slice.
            var spin = default(SpinWait);
            while (Volatile.Read(ref s_completed) < parts)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            // A worker that lost its core in the middle of a part (a machine busy with other work) made the product
            // slower than this thread alone would have been: the automatic setting then keeps the next products on
            // one thread for a while before it tries again. The result is the same bits either way.
            // Two in a row: the first product after a pause finds the workers asleep, and one late wake-up is no sign.
            long total = Stopwatch.GetTimestamp() - start;
            if (t_limit == 0 && mine > 0)
            {
                s_slowSplits = total * mine > own * parts ? s_slowSplits + 1 : 0;
                if (s_slowSplits >= 2)
                {
                    s_slowSplits = 0;
                    Volatile.Write(ref s_backOff, BackOffProducts);
                }
            }

            if (s_failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims the next part of the job of <paramref name="generation"/>, if that job is still current and has one left.</summary>
    private static bool TryClaim(long generation, out int part)
    {
        long claims = Volatile.Read(ref s_claims);
        while (claims >> 32 == generation && (int)claims < s_parts)
        {
            long seen = Interlocked.CompareExchange(ref s_claims, claims + 1, claims);
            if (seen == claims)
            {
                part = (int)claims;
                return true;
            }

            claims = seen;
        }

        part = -1;
        return false;
    }

    private static void EnsureWorkers(int count)
    {
        if (s_wake.Length >= count)
        {
            return;
        }

        // Only the thread that holds the pool grows it.
        var wake = new ManualResetEventSlim[count];
        Array.Copy(s_wake, wake, s_wake.Length);
        for (int w = s_wake.Length; w < count; w++)
        {
            wake[w] = new ManualResetEventSlim(false);
            var worker = new Thread(Work) { IsBackground = true, Name = $"SymbolicGd product worker {w + 1}" };
            worker.Start(wake[w]);
        }

        s_wake = wake;
    }

    private static void Work(object? state)
    {
        var wake = (ManualResetEventSlim)state!;
        long generation = 0;
        while (true)
        {
            if (!AwaitJobSpinning(generation))
            {
                wake.Wait();
            }

            wake.Reset();

            // Read after the reset: a job published between the wake-up and the reset is this generation.
            generation = Volatile.Read(ref s_claims) >> 32;
            RunClaimed(generation, worker: true);
        }
    }

    /// <summary>
    /// Watches for a job after <paramref name="generation"/> for <see cref="SpinMicroseconds"/> before the worker goes
    /// to sleep: the products of one batch follow each other within microseconds, and waking a sleeping thread costs
    /// tens of them (more on a busy machine). OpenBLAS's threads wait the same way.
    /// </summary>
    private static bool AwaitJobSpinning(long generation)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinMicroseconds * Stopwatch.Frequency / 1_000_000;
        while (Volatile.Read(ref s_claims) >> 32 == generation)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            Thread.Yield();
        }

        return true;
    }

    /// <summary>
    /// Runs parts of the job of <paramref name="generation"/> while any are unclaimed. A failure is kept for the
    /// calling thread to throw, and the part still counts as done, so that the caller never waits forever and never
    /// releases the pool while a part is running.
    /// </summary>
    private static int RunClaimed(long generation, bool worker)
    {
        int count = 0;
        while (TryClaim(generation, out int part))
        {
            count++;
            if (worker)
            {
                Interlocked.Increment(ref s_partsRunByWorkers);
            }

            try
            {
                s_run(in s_job, part);
            }
            catch (Exception exception)
            {
                s_failure = exception;
            }

            Interlocked.Increment(ref s_completed);
        }

        return count;
    }

    /// <summary>Restores the calling thread's previous limit.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly int _previous;

        internal Scope(int previous) => _previous = previous;

        public void Dispose() => t_limit = _previous;
    }
}
