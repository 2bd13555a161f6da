namespace TechHealth.GraphQL.Tests;

/// <summary>A schema exercising every kind of type; shared by validation and execution tests.</summary>
internal static class TestSchemas
{
    public const string Sdl = """"
        """The root"""
        type Query {
          hero(episode: Episode): Character
          human(id: ID!): Human
          search(text: String, limit: Int = 10): [SearchResult]
          dog: Dog
          nonNullList: [String!]!
          list: [Int]
          numbers: [Float]
          str: String
          nn: String!
          nested: Nested
          arg(a: Int, b: String!, c: [Int!], i: In, o: One, e: Episode, f: Float, id: ID, bool: Boolean): String
          pet: Pet
        }
        input In { x: Int!, y: String = "d", z: [In] }
        input One @oneOf { a: Int, b: String }
        enum Episode { NEWHOPE EMPIRE JEDI @deprecated(reason: "old") }
        interface Character { id: ID! name: String friends: [Character] }
        interface Pet { name(surname: Boolean): String }
        type Human implements Character { id: ID! name: String friends: [Character] height(unit: String = "m"): Float }
        type Droid implements Character { id: ID! name: String friends: [Character] primaryFunction: String }
        type Dog implements Pet { name(surname: Boolean): String barkVolume: Int nickname: String doesKnowCommand(dogCommand: Episode): Boolean }
        type Cat implements Pet { name(surname: Boolean): String meowVolume: Int }
        union SearchResult = Human | Droid
        union CatOrDog = Cat | Dog
        type Nested { a: Nested b: String! c: [Nested!] d: Int }
        type Mutation { set(v: Int): Int }
        """";

    public static Schema Build() => SchemaBuilder.FromSdl(Sdl).Build();
}
