// The tests share one seeded database and server per class; running classes one at a time keeps the two cores free.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
