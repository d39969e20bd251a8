using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages;

/// <summary>The home page is the inbox for staff; anonymous visitors are sent to sign in.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/inbox");
}
