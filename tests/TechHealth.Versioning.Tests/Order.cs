namespace TechHealth.Versioning.Tests;

/// <summary>Asserts an ordering relation written as "&lt;", "=" or "&gt;", in both directions.</summary>
internal static class Order
{
    public static void Check(VersionScheme scheme, string left, string relation, string right)
    {
        var expected = relation switch { "<" => -1, "=" => 0, ">" => 1, _ => throw new ArgumentException(relation) };
        Versions.IsValid(scheme, left, out var leftError).ShouldBeTrue(leftError);
        Versions.IsValid(scheme, right, out var rightError).ShouldBeTrue(rightError);
        Math.Sign(Versions.Compare(scheme, left, right)).ShouldBe(expected, $"{left} {relation} {right}");
        Math.Sign(Versions.Compare(scheme, right, left)).ShouldBe(-expected, $"{right} vs {left} (reversed)");
    }
}
