namespace Approval.Core.Schemes;

/// <summary>
/// Codes of a scheme's problems beyond a field's (<see cref="FieldCodes"/>, with the JSON path as <c>Where</c>):
/// a document that is not a scheme, and a save that lost a race.
/// </summary>
public static class SchemeCodes
{
    /// <summary>The document is not well-formed JSON or does not fit a scheme's shape.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>The document holds no scheme (<c>null</c>).</summary>
    public const string NoScheme = "no-scheme";

    /// <summary>Someone saved a newer version since the editor opened this one.</summary>
    public const string SavedMeanwhile = "saved-meanwhile";
}
