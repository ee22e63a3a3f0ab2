using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Replicate.Generated;

namespace Replicate.Client.Tests.Conventions;

/// <summary>
/// Rules every public name and type of both packages keeps, checked by reflection (in the spirit of Stripe.net's
/// "wholesome" tests) instead of by review: a new operation or resource upstream is held to them without a line here.
/// </summary>
public class PublicSurfaceConventionTests
{
    // Every shipped package, as the packing filter lists them: a new package is held to these rules without a line here.
    private static readonly Assembly[] Packages = [.. System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Replicate.Testing.RepoRoot.Combine("eng", "Packages.slnf")))!["solution"]!["projects"]!.AsArray()
        .Select(p => Assembly.Load(Path.GetFileNameWithoutExtension(p!.GetValue<string>())))];

    private static IEnumerable<Type> PublicTypes => Packages.SelectMany(a => a.GetExportedTypes());

    [Test]
    public void No_public_name_has_an_underscore()
    {
        var offenders = new List<string>();
        foreach (var type in PublicTypes)
        {
            Check(type.Name, type.FullName!);
            foreach (var member in DeclaredMembers(type))
            {
                Check(member.Name, $"{type.Name}.{member.Name}");
                if (member is MethodBase method)
                {
                    foreach (var parameter in method.GetParameters())
                    {
                        Check(parameter.Name ?? string.Empty, $"{type.Name}.{member.Name}({parameter.Name})");
                    }
                }
            }
        }

        offenders.Should().BeEmpty("public names are PascalCase (parameters camelCase) with the wire names in attributes only");

        void Check(string name, string where)
        {
            // Operators and property accessors are compiler names (op_Equality, get_X), not names a developer types.
            if (name.Contains('_', StringComparison.Ordinal) && !name.StartsWith("op_", StringComparison.Ordinal))
            {
                offenders.Add(where);
            }
        }
    }

    [Test]
    public void No_public_signature_uses_object()
    {
        var offenders = new List<string>();
        foreach (var type in PublicTypes)
        {
            foreach (var member in DeclaredMembers(type).Where(m => !IsKiotaContract(type, m)))
            {
                switch (member)
                {
                    case PropertyInfo property when Mentions(property.PropertyType, typeof(object)):
                        offenders.Add($"{type.Name}.{property.Name}: {property.PropertyType.Name}");
                        break;
                    case FieldInfo field when Mentions(field.FieldType, typeof(object)):
                        offenders.Add($"{type.Name}.{field.Name}: {field.FieldType.Name}");
                        break;
                    case MethodBase method when !OverridesObject(method):
                        var types = method.GetParameters().Select(p => p.ParameterType)
                            .Concat(method is MethodInfo m ? [m.ReturnType] : []);
                        if (types.Any(t => Mentions(t, typeof(object))))
                        {
                            offenders.Add($"{type.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})");
                        }

                        break;
                }
            }
        }

        offenders.Should().BeEmpty("free-form JSON is a JsonElement and inputs are generic, never object");
    }

    [Test]
    public void Every_public_exception_of_both_packages_derives_from_the_one_root()
    {
        var exceptions = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Should().Contain(typeof(ApiException)).And.Contain(typeof(Replicate.Client.Errors.ReplicateApiException));
        exceptions.Where(t => !typeof(Replicate.Client.Errors.ReplicateException).IsAssignableFrom(t)).Select(t => t.FullName)
            .Should().BeEmpty("a caller catches every failure of the packages as ReplicateException, which names the operation");
    }

    [Test]
    public void Server_owned_string_sets_are_extensible_enums_not_closed_ones()
    {
        var generated = typeof(PredictionsClient).Assembly.GetExportedTypes();
        generated.Where(t => t.IsEnum).Select(t => t.Name).Should().BeEmpty("a closed enum throws on a value added upstream");
        var extensible = generated.Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IExtensibleEnum<>))).ToList();
        extensible.Should().Contain(typeof(PredictionStatus));
        foreach (var type in extensible)
        {
            type.IsValueType.Should().BeTrue($"{type.Name} is a readonly struct");
            type.GetCustomAttribute<IsReadOnlyAttribute>().Should().NotBeNull($"{type.Name} is a readonly struct");
            type.GetCustomAttribute<JsonConverterAttribute>().Should().NotBeNull($"{type.Name} reads any JSON string");
        }
    }

    [Test]
    public void Response_models_are_read_only_and_every_property_names_its_wire_name()
    {
        var (responses, requests) = ModelsByDirection();
        responses.Should().Contain(typeof(PredictionResponse));
        requests.Should().Contain(typeof(VersionPredictionRequest));
        var offenders = new List<string>();
        foreach (var model in responses.Concat(requests).Distinct())
        {
            var responseOnly = !requests.Contains(model);
            foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is null)
                {
                    offenders.Add($"{model.Name}.{property.Name} has no [JsonPropertyName]");
                }

                if (responseOnly && property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                {
                    offenders.Add($"{model.Name}.{property.Name} is settable on a model only the server writes");
                }

                if (responseOnly && IsCollection(property.PropertyType) && !IsReadOnlyCollection(property.PropertyType))
                {
                    offenders.Add($"{model.Name}.{property.Name} is a mutable {property.PropertyType.Name}");
                }
            }
        }

        offenders.Should().BeEmpty();
    }

    [Test]
    public void Every_public_async_method_takes_a_cancellation_token_last()
    {
        var offenders = new List<string>();
        foreach (var type in PublicTypes.Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal)))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.ReturnType.IsGenericType ? m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) : m.ReturnType == typeof(Task)))
            {
                var last = method.GetParameters().LastOrDefault();
                if (last?.ParameterType != typeof(CancellationToken) || !last.HasDefaultValue)
                {
                    offenders.Add($"{type.Name}.{method.Name}");
                }
            }
        }

        offenders.Should().BeEmpty("CancellationToken cancellationToken = default comes last");
    }

    // Models the clients take (request) and return (response), followed through their properties.
    private static (HashSet<Type> Responses, HashSet<Type> Requests) ModelsByDirection()
    {
        var clients = typeof(PredictionsClient).Assembly.GetExportedTypes().Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal));
        var methods = clients.SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)).ToList();
        var responses = Closure(methods.Select(m => m.ReturnType));
        var requests = Closure(methods.SelectMany(m => m.GetParameters()).Select(p => p.ParameterType));
        return (responses, requests);
    }

    private static HashSet<Type> Closure(IEnumerable<Type> roots)
    {
        var models = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    pending.Push(argument);
                }

                continue;
            }

            if (SerializedModels.Contains(type) && models.Add(type))
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return models;
    }

    // The models are what the generated JSON context serializes (options bags and clients are not).
    private static readonly HashSet<Type> SerializedModels = typeof(ReplicateJsonSerializerContext).GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
        .Select(a => (Type)a.ConstructorArguments[0].Value!)
        .Where(t => t.IsClass && !t.IsGenericType && t.Assembly == typeof(PredictionsClient).Assembly)
        .ToHashSet();

    private static IEnumerable<MemberInfo> DeclaredMembers(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodInfo { IsSpecialName: true } and not FieldInfo { IsSpecialName: true } && m.GetCustomAttribute<CompilerGeneratedAttribute>() is null);

    // The two members the Kiota flavour cannot shape: they implement Kiota's abstractions, which type them with object —
    // IAdditionalDataHolder.AdditionalData (the JSON members a model does not declare) and the path-parameter dictionary
    // every BaseRequestBuilder constructor takes. Anything else of Replicate.Kiota is held to the rule like the others.
    private static bool IsKiotaContract(Type type, MemberInfo member) =>
        type.Assembly.GetName().Name == "Replicate.Kiota" && member switch
        {
            PropertyInfo { Name: "AdditionalData" } property => typeof(Microsoft.Kiota.Abstractions.Serialization.IAdditionalDataHolder).IsAssignableFrom(type)
                && property.PropertyType == typeof(IDictionary<string, object>),
            ConstructorInfo constructor => typeof(Microsoft.Kiota.Abstractions.BaseRequestBuilder).IsAssignableFrom(type)
                && constructor.GetParameters().Select(p => p.ParameterType).SequenceEqual([typeof(Dictionary<string, object>), typeof(Microsoft.Kiota.Abstractions.IRequestAdapter)]),
            _ => false,
        };

    private static bool OverridesObject(MethodBase method) =>
        method is MethodInfo m && m.GetBaseDefinition().DeclaringType == typeof(object);

    private static bool Mentions(Type type, Type target) =>
        type == target || (type.HasElementType && Mentions(type.GetElementType()!, target))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, target)));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsReadOnlyCollection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IReadOnlyDictionary<,>));
}
