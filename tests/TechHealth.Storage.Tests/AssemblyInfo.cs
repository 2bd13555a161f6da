// One test at a time: the bulk-insert figure is measured as the process's CPU time, and the PostgreSQL cluster and
// SQLite files share two cores with the rest of the machine anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
