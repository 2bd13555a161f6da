using Quartz;

namespace TechHealth.Api.Cluster;

/// <summary>
/// Quartz's ADO.NET job store on the service's PostgreSQL database, clustered: a trigger fires on one instance only, and
/// the jobs of an instance that stops checking in are fired again elsewhere. Its tables come from the project's
/// migrations (prefix <c>qrtz_</c>); Quartz only validates them. Job data is serialised with System.Text.Json.
/// </summary>
public static class QuartzClustering
{
    public static void UseClusteredStore(this IQuartzBuilder quartz, string connectionString, ClusterOptions options)
    {
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.UseSystemTextJsonSerializer();
            store.UseClustering(c =>
            {
                c.CheckinInterval = options.CheckinInterval;
                c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
            });
            store.ConfigureStore(s =>
            {
                s.TablePrefix = "qrtz_";
                s.MisfireThreshold = options.MisfireThreshold;
                s.SchemaProvisioning = SchemaProvisioning.Validate;
                // A shard cut short by a graceful shutdown is handed to another instance at once, not left to the sweep.
                s.RecoverFiringsCancelledByShutdown = true;
            });
        });
    }
}
