using System.CommandLine;
using System.Security.Cryptography;
using TechHealth.Api.Security;

namespace TechHealth.Api.Cli;

/// <summary><c>techhealth apikey new</c>: makes a random key and prints the hashed entry for configuration; the key itself is stored nowhere.</summary>
public static class ApiKeyVerb
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Who will hold the key (a bot, a team).", Required = true };
        var role = new Option<ApiRole>("--role") { Description = "reader, operator (scans, reloads), approver (exemptions) or admin.", DefaultValueFactory = _ => ApiRole.Reader };
        var json = VerbHost.JsonOption();
        var create = new Command("new", "Create an API key and print the configuration entry holding its hash.") { name, role, json };
        create.SetAction(parse =>
        {
            var key = "th_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var entry = new { Name = parse.GetValue(name)!, Hash = CallerResolver.Hash(key), Role = parse.GetValue(role).ToString() };
            if (parse.GetValue(json)) VerbHost.WriteJson(new { key, entry });
            else
            {
                Console.WriteLine($"API key (shown once, give it to {entry.Name}): {key}");
                Console.WriteLine("Add to TechHealth:Security:ApiKeys:");
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(entry));
            }
            return 0;
        });
        return new Command("apikey", "API keys for mutations.") { create };
    }
}
