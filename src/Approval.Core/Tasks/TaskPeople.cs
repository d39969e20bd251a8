using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;

namespace Approval.Core.Tasks;

/// <summary>The person a task is handed to or asked to sign (转交, 加签): named by login, enabled, not the caller.</summary>
internal static class TaskPeople
{
    /// <summary>The enabled account <paramref name="to"/> names, or null with its problem added under <c>to</c>.</summary>
    public static async Task<AppUser?> NamedAsync(UserStore users, AppUser caller, string? to, List<Problem> problems, string required, string self)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            problems.Add(new(FieldCodes.Required, "to", required));
            return null;
        }
        var person = await users.FindByLoginAsync(to.Trim());
        if (person is null || person.Disabled) problems.Add(new(FieldCodes.UnknownReference, "to", $"没有可用的账号“{to}” / no enabled account '{to}'."));
        else if (person.Login == caller.Login) problems.Add(new(FieldCodes.InvalidChoice, "to", self));
        else return person;
        return null;
    }

    /// <summary>The task's organization and those above it (roles held there reach it), root first.</summary>
    public static async Task<string[]> OrgPathAsync(OrgStore orgs, string? orgId)
    {
        var path = orgId is null ? null : (await orgs.GetAsync(orgId))?.Path;
        return path?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }
}
