// The end-to-end tests start whole systems (the shared one and the fuzz test's own): one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
