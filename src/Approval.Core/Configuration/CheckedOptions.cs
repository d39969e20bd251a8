using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Approval.Core.Configuration;

/// <summary>
/// Each feature binds its own options (<c>IOptions&lt;ReminderOptions&gt;</c> from <c>Approval:Reminders</c>…) and
/// they are checked when the server starts, every wrong key of every feature named at once: a digest hour of 25
/// stops the start instead of a digest that never comes (issue 16 §1).
/// </summary>
public static class CheckedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it on start (<see cref="CheckAll"/>, and the host's ValidateOnStart).</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, IConfigurationSection section) where T : class, ICheckedOptions
    {
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(section.Path));
        return services.AddOptions<T>().Bind(section).ValidateOnStart();
    }

    /// <summary>
    /// Checks every feature's options now, before anything opens a database or a port (Program.cs); throws one
    /// <see cref="OptionsValidationException"/> listing every wrong key, in the order the features were registered.
    /// </summary>
    public static void CheckAll(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException many) when (many.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new OptionsValidationException(ApprovalOptions.Section, typeof(ApprovalOptions),
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }
    }

    private sealed class Validator<T>(string section) : IValidateOptions<T> where T : class, ICheckedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = new OptionsProblems(section);
            options.Check(problems);
            var all = problems.Collect();
            return all.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(all);
        }
    }
}
