using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Shared;

/// <summary>
/// Pages for administrators only (the designer, the instance viewer, migration, the scheme editor): every handler
/// asks <see cref="AdministratorAsync"/> first and answers 403 to anyone else (anonymous visitors go to /login).
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public abstract class AdminPage(CurrentUser current) : PageModel
{
    protected AppUser Me { get; private set; } = null!;

    /// <summary>The signed-in administrator, or null (the caller then returns <see cref="Refuse"/>).</summary>
    protected async Task<AppUser?> AdministratorAsync()
    {
        Me = await current.GetAsync();
        return Me.IsAdministrator ? Me : null;
    }

    protected IActionResult Refuse() => StatusCode(StatusCodes.Status403Forbidden);
}
