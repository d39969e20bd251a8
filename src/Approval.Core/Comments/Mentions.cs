using System.Text.RegularExpressions;
using Approval.Core.Users;
using Approval.Engine;

namespace Approval.Core.Comments;

/// <summary>
/// @提及: "@" followed by a person's name (or login) up to a space or punctuation. A mention names someone who may
/// see the instance, or it is refused: a comment that seems to tell a person something they will never see would
/// mislead its author, and naming an outsider would tell them the instance exists. An "@" that names nobody known
/// (an e-mail address, "@全体") stays plain text; an "@" after a Latin letter or digit is an address, not a mention.
/// </summary>
public static partial class Mentions
{
    [GeneratedRegex(@"(?<![A-Za-z0-9_.])@([\p{L}\p{N}_.\-]{1,40})")]
    private static partial Regex Pattern();

    /// <summary>The words written after "@", in order, each once.</summary>
    public static IReadOnlyList<string> Tokens(string body) =>
        Pattern().Matches(body).Select(m => m.Groups[1].Value.TrimEnd('.', '-')).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The people mentioned, from those who may see the instance (<paramref name="visible"/>); a token naming only
    /// people outside it (<paramref name="others"/>) or two visible people at once is a problem on <c>body</c>.
    /// </summary>
    public static (IReadOnlyList<AppUser> People, IReadOnlyList<Problem> Problems) Resolve(IReadOnlyList<string> tokens,
        IReadOnlyList<AppUser> visible, IReadOnlyList<AppUser> others)
    {
        var people = new List<AppUser>();
        var problems = new List<Problem>();
        foreach (var token in tokens)
        {
            var byLogin = visible.Where(u => u.Login == token).ToList();
            var matches = byLogin.Count > 0 ? byLogin : visible.Where(u => u.DisplayName == token).ToList();
            // Chinese runs on without a space ("@王组织请审阅"): the longest visible name the word starts with.
            if (matches.Count == 0 && visible.Where(u => u.DisplayName.Length > 0 && token.StartsWith(u.DisplayName, StringComparison.Ordinal))
                    .GroupBy(u => u.DisplayName.Length).MaxBy(g => g.Key) is { } longest)
                matches = longest.ToList();
            if (matches.Count == 1) { people.Add(matches[0]); continue; }
            if (matches.Count > 1)
                problems.Add(new(FieldCodes.Inconsistent, "body", $"有多人名为“{token}”，请从提及列表中选择 / more than one person is called '{token}': pick them from the list."));
            else if (others.Any(u => u.Login == token || u.DisplayName == token))
                problems.Add(new(FieldCodes.NotPermitted, "body", $"“{token}”无权查看该事项，不能提及 / '{token}' may not see this instance and cannot be mentioned."));
        }
        return (people.DistinctBy(p => p.Login).ToList(), problems);
    }
}
