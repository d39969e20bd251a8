using System.Globalization;
using System.Security.Cryptography;

namespace Approval.Core.Users;

/// <summary>
/// PBKDF2-SHA256 password hashes stored as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), so the iteration count
/// can rise later without invalidating old hashes.
/// </summary>
public static class PasswordHash
{
    /// <summary>How long a password a person chooses (or an administrator sets) may be.</summary>
    public const int MinimumLength = 10;
    public const int MaximumLength = 128;

    public static bool HasAcceptableLength(string? password) => password is { Length: >= MinimumLength and <= MaximumLength };
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023): 600,000 iterations.</summary>
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>A hash of nothing anyone knows, verified against when a login does not exist, so that an unknown login
    /// costs the same time as a wrong password and the sign-in does not reveal which logins exist.</summary>
    private static readonly Lazy<string> Decoy = new(() => Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))));

    /// <summary>Whether a stored hash was made with fewer iterations than today's (it is replaced at the next sign-in).</summary>
    public static bool IsOutdated(string stored) =>
        stored.Split('$') is [Scheme, var count, _, _] && int.TryParse(count, CultureInfo.InvariantCulture, out var n) && n < Iterations;

    public static bool Verify(string password, string? stored)
    {
        if (stored is null)
        {
            Verify(password, Decoy.Value);
            return false;
        }
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
