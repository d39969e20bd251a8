// Hangfire keeps process-wide state (its log provider, JobStorage.Current): two app hosts starting and stopping
// at the same time in one test process trip over each other, so the web tests run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
