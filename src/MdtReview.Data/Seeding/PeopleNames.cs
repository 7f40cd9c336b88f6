namespace MdtReview.Data.Seeding;

/// <summary>Names common in the UK across its communities, for synthetic patients. No real patient is described.</summary>
internal static class PeopleNames
{
    public static readonly string[] Female =
    [
        "Margaret", "Susan", "Patricia", "Linda", "Christine", "Elizabeth", "Janet", "Carol", "Ann", "Jean",
        "Sandra", "Pauline", "Barbara", "Gillian", "Helen", "Julie", "Karen", "Alison", "Sarah", "Catherine",
        "Deborah", "Joanne", "Fiona", "Moira", "Eileen", "Siobhan", "Bronwen", "Rhian", "Shirley", "Maureen",
        "Priya", "Sunita", "Nasreen", "Farida", "Grace", "Blessing", "Agnieszka", "Rosa", "Mei", "Aisha",
    ];

    public static readonly string[] Male =
    [
        "David", "John", "Michael", "Peter", "Robert", "Stephen", "Paul", "Richard", "Andrew", "Alan",
        "Christopher", "Ian", "Graham", "Keith", "Brian", "Colin", "Trevor", "Malcolm", "Derek", "Geoffrey",
        "Gareth", "Rhys", "Angus", "Hamish", "Declan", "Sean", "Martin", "Philip", "Kevin", "Anthony",
        "Rajesh", "Mohammed", "Imran", "Sanjay", "Kwame", "Emeka", "Tomasz", "Marco", "Wei", "Yusuf",
    ];

    public static readonly string[] Family =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Patel", "Khan", "Hughes", "Edwards", "Turner", "Lewis", "Harris", "Martin", "Cooper", "Hill",
        "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
        "MacDonald", "Campbell", "Stewart", "Murray", "Fraser", "Reid", "O'Brien", "Kelly", "Doherty", "Byrne",
        "Ahmed", "Hussain", "Singh", "Shah", "Begum", "Okoye", "Mensah", "Kowalski", "Nowak", "Chen",
        "Price", "Bennett", "Griffiths", "Pritchard", "Lloyd", "Parry", "Shaw", "Hunt", "Holmes", "Palmer",
    ];
}
