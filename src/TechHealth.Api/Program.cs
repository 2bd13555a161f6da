using TechHealth.Api.Cli;

// With no verb the executable serves; a verb (validate, scan, evaluate, report, fleet) runs one job and exits.
return await TechHealthCommandLine.RunAsync(args);

/// <summary>Entry point type, public so the end-to-end tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
