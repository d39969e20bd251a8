using System.Xml.Linq;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

public sealed partial class BpmnParser
{
    /// <summary>
    /// BPMN's own way to say who does a user task, as Camunda and Flowable read it: <c>potentialOwner</c> with a
    /// <c>formalExpression</c> of <c>user(…)</c> and <c>group(…)</c> parts (a bare part is a group) adds candidates;
    /// <c>humanPerformer</c> names the assignee. Returns the parts as comma-separated lists, to join the
    /// <c>camunda:</c> attributes' own.
    /// </summary>
    private (string? Users, string? Groups, string? Performer) ReadResourceRoles(string id, XElement task)
    {
        var users = new List<string>();
        var groups = new List<string>();
        string? performer = null;
        foreach (var role in task.Elements().Where(e => e.Name == Bpmn + "potentialOwner" || e.Name == Bpmn + "humanPerformer"))
        {
            CheckChildren(role, id, "resourceAssignmentExpression");
            var expression = role.Element(Bpmn + "resourceAssignmentExpression")?.Element(Bpmn + "formalExpression")?.Value.Trim();
            if (string.IsNullOrEmpty(expression))
            {
                Problem(ProblemCodes.BadResourceAssignment, id, role,
                    $"<{role.Name.LocalName}> on '{id}' needs a resourceAssignmentExpression with a formalExpression such as user(kermit), group(management).");
                continue;
            }
            if (role.Name.LocalName == "humanPerformer")
            {
                if (performer is not null)
                    Problem(ProblemCodes.BadResourceAssignment, id, role, $"User task '{id}' has more than one humanPerformer; a task has one assignee.");
                performer = Unwrap(expression, "user") ?? expression;
                continue;
            }
            foreach (var part in SplitTopLevel(expression))
            {
                if (Unwrap(part, "user") is { } user) users.Add(user);
                else groups.Add(Unwrap(part, "group") ?? part);
            }
        }
        return (users.Count > 0 ? string.Join(",", users) : null, groups.Count > 0 ? string.Join(",", groups) : null, performer);
    }

    private static string? Join(string? attribute, string? roles) =>
        attribute is null ? roles : roles is null ? attribute : $"{attribute},{roles}";

    private static string? Unwrap(string part, string function) =>
        part.StartsWith(function + "(", StringComparison.Ordinal) && part.EndsWith(')') ? part[(function.Length + 1)..^1].Trim() : null;

    /// <summary>Splits on commas that are not inside parentheses or a <c>${…}</c>.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ',' && depth == 0)
            {
                var part = text[start..i].Trim();
                if (part.Length > 0) yield return part;
                start = i + 1;
            }
            else if (text[i] is '(' or '{') depth++;
            else if (text[i] is ')' or '}') depth = Math.Max(0, depth - 1);
        }
    }
}
