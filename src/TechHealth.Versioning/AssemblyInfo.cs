using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TechHealth.Versioning.Tests")]
